package io.nearline.shadow.postgres;

import io.nearline.shadow.Baseline;
import io.nearline.shadow.LogFileSource;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.ShadowException;
import io.nearline.shadow.Shadowing;
import io.nearline.shadow.Snapshot;
import io.nearline.shadow.SnapshotSettings;
import io.nearline.shadow.Surrogate;
import io.nearline.shadow.SurrogateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Baselines with {@code pg_basebackup -X none} over the replication protocol (nothing runs on
 * the primary but PostgreSQL), verified with {@code pg_verifybackup} against the collected WAL;
 * surrogates as hot standbys fed by the log store.
 */
final class PostgresShadowing implements Shadowing {
  private static final Pattern SYSTEM_ID =
      Pattern.compile("Database system identifier:\\s+(\\d+)");
  private static final long BASEBACKUP_TIMEOUT_S = 24 * 3600;

  private final ServerIdentity identity;

  PostgresShadowing(ServerIdentity identity) {
    this.identity = identity;
  }

  @Override
  public Baseline takeBaseline(String connection, ServerIdentity expected, Path directory,
      String osUser) throws ShadowException {
    ConnectionString cs = ConnectionString.parse(connection);
    try {
      Files.createDirectories(directory.getParent());
      PgCommand.own(directory.getParent(), osUser);
    } catch (IOException e) {
      throw new ShadowException("cannot create " + directory.getParent() + ": " + e, e);
    }
    String label = "nearline " + Instant.now();
    PgCommand.run(osUser, BASEBACKUP_TIMEOUT_S, bin("pg_basebackup"), "-h", cs.host(), "-p",
        String.valueOf(cs.port()), "-U", cs.user(), "-D", directory.toString(), "-X", "none",
        "-c", "fast", "-l", label, "-w");
    String control = PgCommand.run(osUser, 60, bin("pg_controldata"), "-D", directory.toString());
    Matcher m = SYSTEM_ID.matcher(control);
    String systemId = m.find() ? m.group(1) : "unknown";
    if (!systemId.equals(expected.systemIdentifier())) {
      deleteQuietly(directory, osUser);
      throw new ShadowException("refused: the primary at " + cs.describe() + " is another "
          + "cluster now (system identifier " + systemId + "); Nearline protects "
          + expected.systemIdentifier() + ". If it was rebuilt on purpose, remove the server "
          + "and protect it again.");
    }
    BackupFiles backup = BackupFiles.read(directory);
    return new Baseline(directory, backup.label(), backup.start(), backup.end(),
        backup.timeline().id(), nextTransaction(cs));
  }

  /**
   * The first transaction id not yet given out on the source, asked after the copy ended: any
   * transaction from it on commits after the copy's end. Null if the source cannot say.
   */
  private static String nextTransaction(ConnectionString source) {
    try (Connection c = source.open("nearline", 5, 10); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text")) {
      r.next();
      return r.getString(1);
    } catch (SQLException e) {
      return null;
    }
  }

  @Override
  public List<String> filesNeeded(Baseline baseline) {
    Timeline tli = Timeline.valueOf(baseline.lineage());
    SegmentName first = SegmentName.containing(tli, Lsn.of(baseline.start()),
        identity.segmentSize());
    // The end is where the next record would start: exactly a segment's start when the copy
    // was taken from a standby that had just replayed a switch; that segment is not needed.
    long end = Lsn.of(baseline.end()).value();
    long start = Lsn.of(baseline.start()).value();
    SegmentName last = SegmentName.containing(tli, Lsn.valueOf(end > start ? end - 1 : end),
        identity.segmentSize());
    List<String> names = new ArrayList<>();
    for (SegmentName s = first; s.compareTo(last) <= 0; s = s.next()) {
      names.add(s.fileName());
    }
    return names;
  }

  @Override
  public void verifyBaseline(Baseline baseline, LogFileSource log, String osUser)
      throws ShadowException {
    Path wal = baseline.directory().resolveSibling(baseline.directory().getFileName() + ".wal");
    try {
      Files.createDirectories(wal);
      for (String name : filesNeeded(baseline)) {
        Optional<byte[]> content = log.read(name);
        if (content.isEmpty()) {
          throw new ShadowException("cannot verify the baseline yet: " + name + " is not collected");
        }
        Files.write(wal.resolve(name), content.get());
      }
      PgCommand.own(wal, osUser);
      PgCommand.run(osUser, BASEBACKUP_TIMEOUT_S, bin("pg_verifybackup"), "--wal-directory",
          wal.toString(), baseline.directory().toString());
    } catch (IOException e) {
      throw new ShadowException("cannot stage WAL for verification: " + e, e);
    } finally {
      deleteQuietly(wal, null);
    }
  }

  @Override
  public java.util.Optional<io.nearline.shadow.ItemCopy> itemCopy() {
    return java.util.Optional.of(new PostgresItemCopy());
  }

  @Override
  public Snapshot snapshot(SnapshotSettings settings, String connection) {
    return new PostgresSnapshot(settings, identity, ConnectionString.parse(connection));
  }

  @Override
  public Surrogate surrogate(SurrogateSettings settings, String connection) {
    return new PostgresSurrogate(settings, identity, ConnectionString.parse(connection));
  }

  private String bin(String program) {
    return PgCommand.bin(identity.version(), program).toString();
  }

  private static void deleteQuietly(Path dir, String osUser) {
    try {
      PgCommand.run(null, 600, "rm", "-rf", dir.toString());
    } catch (ShadowException ignored) {
      // leftovers are harmless: the next attempt uses a new directory
    }
  }
}
