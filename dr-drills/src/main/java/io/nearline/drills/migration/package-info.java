/**
 * Version migrations: plans kept in the catalog, the pre-flight check, cutovers started as
 * journaled runs through the recovery service, rollbacks within the window, and their REST
 * routes.
 */
package io.nearline.drills.migration;
