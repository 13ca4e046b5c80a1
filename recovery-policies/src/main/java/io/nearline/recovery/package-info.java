/**
 * Recovery pairs (a primary and a differently named standby), recovery policies (application
 * group, recovery point, ordered steps) and the durable, journaled step executor that runs
 * failover, failback and redirected restores.
 *
 * <p>Not built yet: this module holds only its POM and this description until its issue lands.
 */
package io.nearline.recovery;
