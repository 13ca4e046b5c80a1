/**
 * What a policy says about its drills (probes, RTO and RPO targets, how often it must pass one)
 * and what a drill run carries: the value types the recovery executor, the application
 * connectors and the drills module share.
 */
package io.nearline.recovery.drill;
