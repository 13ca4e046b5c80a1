/**
 * Recovery pairs (a primary and a differently named standby), recovery policies (application
 * group, recovery point, ordered steps) and the durable, journaled step executor that runs
 * failover and failback as redirected restores.
 */
package io.nearline.recovery;
