package io.nearline.recovery.postgres;

import static io.nearline.recovery.standby.StandbyHost.quote;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.migration.MigrationPlan;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.standby.StandbyHost;
import io.nearline.shadow.postgres.ConnectionString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A migration's pre-flight check, changing nothing: what the plan's path needs from the old
 * server, database by database, and what the target has. Every red item says what to do about
 * it. Items only logical replication needs pass on the dump path, saying what they mean there.
 */
final class MigrationCheck {
  /** Room for the copy, its WAL and indexes built afresh. */
  private static final double SPACE_FACTOR = 1.5;
  private final RecoveryEnvironment environment;
  private final List<CheckReport.Item> items = new ArrayList<>();
  private boolean dumped;

  MigrationCheck(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  CheckReport check(MigrationPlan plan) {
    String subject = "migration of " + plan.server() + " to " + plan.target().name();
    dumped = plan.dumped();
    ConnectionString source;
    try {
      source = ConnectionString.parse(environment.primaryConnection(plan.server()));
      String superuser = MigrationSql.one(source, "SELECT rolsuper FROM pg_roles WHERE "
          + "rolname = current_user");
      add("old server", "t".equals(superuser), "connected to " + source.describe() + " as "
          + source.user() + ("t".equals(superuser) ? ", a superuser" : ", who is not a "
          + "superuser: publications of all tables need one; protect the server as one"));
    } catch (Exception e) {
      add("old server", false, "cannot read the old server: " + e.getMessage());
      return report(subject);
    }
    PgServer target = PgServer.of(plan.target());
    Set<String> available = target(source, target);
    try {
      server(source);
      long bytes = 0;
      for (String db : MigrationSql.databases(source)) {
        bytes += database(MigrationSql.in(source, db), db, available);
      }
      space(target, bytes);
      add("path", true, dumped ? String.format(java.util.Locale.ROOT, "dump: every database "
          + "copied whole while writes are stopped, and back whole by a rollback: the write "
          + "downtime grows with the data (%.1f GB); a rehearsal measures it", bytes / 1e9)
          : "logical replication while the old server takes writes: writes stop for the last "
          + "changes only");
    } catch (Exception e) {
      add("old server", false, "cannot read the old server: " + e.getMessage());
    }
    return report(subject);
  }

  private CheckReport report(String subject) {
    return new CheckReport(subject, List.copyOf(items));
  }

  private void add(String check, boolean passed, String detail) {
    items.add(new CheckReport.Item(check, passed, detail));
  }

  /**
   * An item only logical replication needs. Red on the logical path, with {@code fix} and the
   * dump path as the way out; on the dump path it passes, saying what it means there.
   */
  private void forLogical(String check, boolean passed, String fact, String fix,
      String onDump) {
    if (passed) {
      add(check, true, fact);
    } else if (dumped) {
      add(check, true, fact + ": " + onDump);
    } else {
      add(check, false, fact + ": " + fix + "; or plan the dump path (\"path\": \"dump\"), "
          + "which copies while writes are stopped");
    }
  }

  /** The target's version, data directory and extensions; the extensions it has. */
  private Set<String> target(ConnectionString source, PgServer target) {
    Set<String> extensions = new TreeSet<>();
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      PostgresStandby pg = new PostgresStandby(target, host);
      String version = pg.version();
      int major = major(version.replaceAll("^\\D+", ""));
      int from = Integer.parseInt(MigrationSql.one(source, "SHOW server_version_num")) / 10000;
      add("new version", major > from, version + " at " + target.pgBin() + (major > from ? ""
          : ": not newer than the old server's " + from + "; name a newer version's binaries"));
      DataDirectoryState state = pg.dataDirectoryState();
      add("target data directory", state.isFree() || target.disposable(), pg.data() + " is "
          + state + (state.isFree() ? "" : target.disposable() ? " (disposable: moved aside)"
          : "; empty it, choose another, or mark the target disposable"));
      String bin = target.pgBin();
      extensions.addAll(Arrays.asList(host.run("for d in " + quote(bin + "/../share/postgresql"
          + "/extension") + " " + quote(bin + "/../share/extension") + " /usr/share/postgresql/"
          + major + "/extension; do [ -d \"$d\" ] && ls \"$d\"; done | sed -n "
          + "'s/\\.control$//p'", Duration.ofSeconds(30)).split("\\s+")));
    } catch (Exception e) {
      add("new version", false, "cannot reach " + target.name() + ": " + e.getMessage());
    }
    return extensions;
  }

  private static int major(String version) {
    return Integer.parseInt(version.split("[.\\s]")[0]);
  }

  /** What the old server's settings allow: logical decoding and a slot per database. */
  private void server(ConnectionString source) throws Exception {
    String walLevel = MigrationSql.one(source, "SHOW wal_level");
    forLogical("wal_level", "logical".equals(walLevel), "wal_level is " + walLevel,
        "the low-downtime path replicates logically; set wal_level = logical on the old server"
        + " and restart it", "the dump path does not replicate from the old server");
    int databases = MigrationSql.databases(source).size();
    // A slot and a sender per database, and while tables are copied a few more for the
    // synchronization workers.
    int needed = databases + Integer.parseInt(MigrationSql.one(source,
        "SHOW max_sync_workers_per_subscription"));
    int free = Integer.parseInt(MigrationSql.one(source, "SELECT current_setting("
        + "'max_replication_slots')::int - (SELECT count(*) FROM pg_replication_slots)"));
    int senders = Integer.parseInt(MigrationSql.one(source, "SELECT current_setting("
        + "'max_wal_senders')::int - (SELECT count(*) FROM pg_stat_replication)"));
    forLogical("replication slots", free >= needed && senders >= needed, free
        + " replication slot(s) and " + senders + " WAL sender(s) free, " + needed
        + " needed", "raise max_replication_slots and max_wal_senders on the old server",
        "the dump path needs none");
    // The way back: the old server applies the new one's changes, a worker per database.
    int workers = Integer.parseInt(MigrationSql.one(source,
        "SHOW max_logical_replication_workers"));
    forLogical("replication workers", workers >= databases, "max_logical_replication_workers "
        + "is " + workers + ", " + databases + " needed for the way back (one per database)",
        "raise it (and max_worker_processes) on the old server", "the dump path's way back "
        + "is a copy, which needs none");
    String roles = MigrationSql.one(source, "SELECT string_agg(DISTINCT r.rolname, ', ') FROM "
        + "pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole WHERE "
        + "array_to_string(s.setconfig, ',') LIKE '%default_transaction_read_only%'");
    add("role settings", roles == null, roles == null ? "no role sets "
        + "default_transaction_read_only itself" : roles + " set default_transaction_read_only "
        + "themselves, so they could still write once writes are stopped: ALTER ROLE … RESET "
        + "default_transaction_read_only");
    String prepared = MigrationSql.one(source, "SELECT count(*) FROM pg_prepared_xacts");
    add("prepared transactions", "0".equals(prepared), prepared + " prepared transaction(s) "
        + "waiting" + ("0".equals(prepared) ? "" : ": one could commit after writes stop; "
        + "commit or roll them back"));
    String tablespaces = String.join(", ", MigrationSql.strings(source, "SELECT spcname FROM "
        + "pg_tablespace WHERE spcname NOT IN ('pg_default', 'pg_global')"));
    add("tablespaces", tablespaces.isEmpty(), tablespaces.isEmpty() ? "only the default ones"
        : tablespaces + ": the new cluster keeps everything in its data directory; move these "
        + "tables to pg_default first");
  }

  /** One database's items; returns its size. */
  private long database(ConnectionString db, String name, Set<String> available)
      throws Exception {
    String at = name + ": ";
    List<String> noKey = MigrationSql.keyless(db);
    forLogical("primary keys", noKey.isEmpty(), at + (noKey.isEmpty() ? "every table has a "
        + "primary key or replica identity" : "no primary key or replica identity: "
        + list(noKey)), "updates and deletes there cannot be replicated. Add a primary key, or "
        + "ALTER TABLE … REPLICA IDENTITY FULL", "copied whole, and back whole by a rollback");
    String objects = MigrationSql.one(db, "SELECT count(*) FROM pg_largeobject_metadata");
    forLogical("large objects", "0".equals(objects), at + objects + " large object(s)",
        "logical replication does not carry them; move them into bytea columns first",
        "copied, and copied back by a rollback");
    List<String> extensions = MigrationSql.strings(db, "SELECT extname FROM pg_extension "
        + "ORDER BY 1");
    List<String> missing = extensions.stream().filter(e -> !available.contains(e)).toList();
    add("extensions", missing.isEmpty(), at + (extensions.isEmpty() ? "none"
        : String.join(", ", extensions)) + (missing.isEmpty() ? "; the new version has them"
        : "; the new version lacks " + String.join(", ", missing) + ": install them there"));
    List<String> unlogged = MigrationSql.strings(db, "SELECT format('%I.%I', n.nspname, "
        + "c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
        + "c.relkind = 'r' AND c.relpersistence = 'u' ORDER BY 1");
    forLogical("unlogged tables", unlogged.isEmpty(), at + (unlogged.isEmpty() ? "none"
        : list(unlogged)), "not replicated, they would arrive empty. ALTER TABLE … SET LOGGED,"
        + " or drop them", "copied, and copied back by a rollback");
    String sequences = MigrationSql.one(db, "SELECT count(*) FROM pg_sequences");
    add("sequences", true, at + sequences + " sequence(s), carried across at the cutover "
        + "while writes are stopped");
    add("encoding and collation", true, at + MigrationSql.one(db, "SELECT format('%s, "
        + "collation %s, ctype %s', pg_encoding_to_char(encoding), datcollate, datctype) FROM "
        + "pg_database WHERE datname = current_database()") + "; the new cluster is created "
        + "the same");
    return Long.parseLong(MigrationSql.one(db, "SELECT pg_database_size(current_database())"));
  }

  private void space(PgServer target, long bytes) {
    long needed = (long) (bytes * SPACE_FACTOR);
    try (StandbyHost host = StandbyHost.connect(target.standby())) {
      String d = target.dataDirectory();
      long free = Long.parseLong(host.run("d=" + quote(d) + "; while [ ! -e \"$d\" ]; do "
          + "d=$(dirname \"$d\"); done; df -P -B1 \"$d\" | sed -n '2p' | "
          + "{ read -r _ _ _ avail _; echo \"$avail\"; }", Duration.ofSeconds(30)).strip());
      add("target disk space", free >= needed, String.format(java.util.Locale.ROOT,
          "%.1f GB free at %s, %.1f GB needed (%.1f× the old server's %.1f GB)", free / 1e9, d,
          needed / 1e9, SPACE_FACTOR, bytes / 1e9) + (free >= needed ? ""
          : ": free space there or choose another data directory"));
    } catch (Exception e) {
      add("target disk space", false, "cannot read the free space on " + target.name() + ": "
          + e.getMessage());
    }
  }

  private static String list(List<String> names) {
    return names.size() <= 10 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 10)) + " and " + (names.size() - 10) + " more";
  }
}
