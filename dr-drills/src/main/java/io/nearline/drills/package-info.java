/**
 * Quartz-scheduled dress rehearsals (restore in isolation, verify, measure RTO and RPO, report,
 * return the standby to standby), version-migration cutovers with rollback, verification probes
 * and reports.
 *
 * <p>Not built yet: this module holds only its POM and this description until its issue lands.
 */
package io.nearline.drills;
