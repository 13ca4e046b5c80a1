package io.nearline.services;

import io.nearline.recovery.migration.MigrationPlan;
import java.time.Instant;
import java.util.Map;

/**
 * A migration as it stands.
 *
 * @param plan the server's plan
 * @param state where it is: planned, cutting-over, failed, migrated, rolled-back, retired
 * @param cutoverRun the newest cutover run, or null
 * @param migratedAt when the cutover ended, or null
 * @param rollbackUntil until when a rollback loses no write; null before the cutover
 * @param retiredAt when the old server was retired, or null
 * @param figures what the run measured: copySeconds, catchUpBytesPerSecond,
 *     writeDowntimeSeconds, tablesVerified, rowsVerified, sequencesCarried…
 * @param rehearsalRun the newest rehearsal run, or null
 * @param rehearsalOutcome passed, failed, interrupted, pre-empted, or running
 * @param rehearsal what it measured, expectedWriteDowntimeSeconds among them
 * @param protectedAs the new version's name in Nearline once it is protected, or null
 */
public record MigrationView(MigrationPlan plan, MigrationState state, Long cutoverRun,
    Instant migratedAt, Instant rollbackUntil, Instant retiredAt, Map<String, String> figures, Long rehearsalRun,
    String rehearsalOutcome, Map<String, String> rehearsal, String protectedAs) {
}
