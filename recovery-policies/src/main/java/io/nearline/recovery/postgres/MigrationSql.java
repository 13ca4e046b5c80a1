package io.nearline.recovery.postgres;

import io.nearline.shadow.postgres.ConnectionString;
import io.nearline.shadow.postgres.Lsn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The SQL a migration runs on the old and the new server, over JDBC from the near-line host:
 * which databases and tables there are, their counts and checksums, sequences, and the logical
 * replication between them.
 */
final class MigrationSql {
  /** The forward publication (old → new) in every database of the old server. */
  static final String FORWARD = "nearline_migration";
  /** The reverse publication (new → old), armed before clients move, for a lossless rollback. */
  static final String REVERSE = "nearline_rollback";

  /** One table's row count and an order-independent checksum of its rows' text. */
  record TableSum(String table, long rows, String checksum) {}

  private MigrationSql() {
  }

  /** {@code server} with another database. */
  static ConnectionString in(ConnectionString server, String dbname) {
    Map<String, String> keywords = new LinkedHashMap<>(server.keywords());
    keywords.put("dbname", dbname);
    return new ConnectionString(Map.copyOf(keywords));
  }

  /**
   * Where the near-line reaches the new-version server, as the same account, in the one
   * database every new cluster has (the old server's may not exist there yet).
   */
  static ConnectionString target(PgServer target, ConnectionString source) {
    Map<String, String> keywords = new LinkedHashMap<>(source.keywords());
    keywords.put("host", target.clientHost());
    keywords.put("port", String.valueOf(target.pgPort()));
    keywords.put("dbname", "postgres");
    return new ConnectionString(Map.copyOf(keywords));
  }

  static Connection open(ConnectionString server) throws SQLException {
    return server.open("nearline-migration", 10, 0);
  }

  /** The databases clients use: every one that takes connections and is not a template. */
  static List<String> databases(ConnectionString server) throws SQLException {
    return strings(server, "SELECT datname FROM pg_database WHERE datallowconn AND NOT "
        + "datistemplate ORDER BY datname");
  }

  static List<String> strings(ConnectionString server, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = open(server); Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  static String one(ConnectionString server, String sql) throws SQLException {
    List<String> rows = strings(server, sql);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Runs statements, each in its own transaction, writing even where writes are refused. */
  static void execute(ConnectionString server, String... sql) throws SQLException {
    try (Connection c = open(server); Statement s = c.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** Every ordinary table of the database but the system's, as qualified, quoted names. */
  static List<String> tables(ConnectionString db) throws SQLException {
    return strings(db, "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN "
        + "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND "
        + "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE "
        + "'pg_toast%' AND NOT c.relispartition ORDER BY 1");
  }

  /** Tables whose updates and deletes logical replication cannot carry: no key, no identity. */
  static List<String> keyless(ConnectionString db) throws SQLException {
    return strings(db, "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN "
        + "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND "
        + "n.nspname NOT IN ('pg_catalog', 'information_schema') AND (c.relreplident = 'n' OR "
        + "c.relreplident = 'd' AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = "
        + "c.oid AND i.indisprimary)) ORDER BY 1");
  }

  /** The large objects' count and a checksum of each one's contents, alike on any version. */
  static String largeObjects(ConnectionString db) throws SQLException {
    return one(db, "SELECT count(*) || ' large object(s), md5 ' || coalesce(md5(string_agg("
        + "oid || ':' || md5(lo_get(oid)), ',' ORDER BY oid)), '-') FROM "
        + "pg_largeobject_metadata");
  }

  /**
   * Counts and checksums every table of {@code tables} in one transaction (one snapshot), in one
   * process: the other server of the comparison runs on the same cores, likely.
   */
  static List<TableSum> sums(ConnectionString db, List<String> tables) throws SQLException {
    List<TableSum> out = new ArrayList<>();
    try (Connection c = open(db)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
        s.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        s.execute("SET LOCAL jit = off");
        for (String table : tables) {
          out.add(sum(c, s, table));
        }
      }
      c.rollback();
    }
    return out;
  }

  /** The same on a thread of its own (not a shared pool: it blocks for seconds on end). */
  static CompletableFuture<List<TableSum>> sumsAsync(ConnectionString db, List<String> tables,
      String name) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return sums(db, tables);
      } catch (SQLException e) {
        throw new IllegalStateException(name + ": " + e.getMessage(), e);
      }
    }, task -> {
      Thread t = new Thread(task, "migration-comparison");
      t.setDaemon(true);
      t.start();
    });
  }

  static List<TableSum> await(CompletableFuture<List<TableSum>> sums) throws Exception {
    try {
      return sums.get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /**
   * One table's sum: each row hashed as a record, which needs no text and is faster, unless a
   * column's type has no hash function (json, point…): then as its text.
   */
  private static TableSum sum(Connection c, Statement s, String table) throws SQLException {
    java.sql.Savepoint before = c.setSavepoint();
    try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(hash_record_extended("
        + "t, 0)), 0) FROM " + table + " t")) {
      r.next();
      TableSum sum = new TableSum(table, r.getLong(1), r.getString(2));
      c.releaseSavepoint(before);
      return sum;
    } catch (SQLException noHash) {
      c.rollback(before);
      try (ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(hashtextextended("
          + "t::text, 0)), 0) FROM " + table + " t")) {
        r.next();
        return new TableSum(table, r.getLong(1), "text:" + r.getString(2));
      }
    }
  }

  /** How two servers' copies of one database compare: counted rows, and each difference. */
  record Comparison(int tables, long rows, List<String> differences) {}

  /** Compares every table of the database on both servers, read side by side. */
  static Comparison compare(ConnectionString from, ConnectionString to, String fromName,
      String toName) throws Exception {
    List<String> tables = tables(from);
    CompletableFuture<List<TableSum>> there = sumsAsync(to, tables, toName);
    return compare(sums(from, tables), await(there), fromName, toName);
  }

  /** Compares the sums of the same tables on two servers. */
  static Comparison compare(List<TableSum> here, List<TableSum> other, String fromName,
      String toName) {
    List<String> differences = new ArrayList<>();
    long rows = 0;
    for (int i = 0; i < here.size(); i++) {
      TableSum a = here.get(i);
      TableSum b = other.get(i);
      rows += a.rows();
      if (a.rows() != b.rows() || !Objects.equals(a.checksum(), b.checksum())) {
        differences.add(a.table() + ": " + a.rows() + " rows on " + fromName + ", " + b.rows()
            + " on " + toName + (a.rows() == b.rows() ? " (their contents differ)" : ""));
      }
    }
    return new Comparison(here.size(), rows, differences);
  }

  /**
   * Sets every sequence of {@code to} that {@code from} has used to where it stands on {@code
   * from}, so that new keys follow the last one used there; returns how many.
   */
  static int carrySequences(ConnectionString from, ConnectionString to) throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (Connection c = open(from); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT format('%I.%I', schemaname, sequencename), "
             + "last_value FROM pg_sequences WHERE last_value IS NOT NULL")) {
      while (r.next()) {
        values.put(r.getString(1), r.getLong(2));
      }
    }
    try (Connection c = open(to); Statement s = c.createStatement()) {
      s.execute("SET default_transaction_read_only = off");
      try (PreparedStatement p = c.prepareStatement("SELECT setval(?::regclass, ?, true)")) {
        for (Map.Entry<String, Long> e : values.entrySet()) {
          p.setString(1, e.getKey());
          p.setLong(2, e.getValue());
          p.executeQuery().close();
        }
      }
    }
    return values.size();
  }

  /** Where the server's WAL ends now. */
  static Lsn currentLsn(ConnectionString server) throws SQLException {
    return Lsn.parse(one(server, "SELECT pg_current_wal_lsn()"));
  }

  /**
   * Waits until the subscriber behind {@code slot} has confirmed everything up to {@code lsn};
   * fails after {@code limit} with how far it got.
   */
  static void awaitConfirmed(ConnectionString publisher, String slot, Lsn lsn, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String at = null;
    while (true) {
      at = one(publisher, "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE "
          + "slot_name = " + literal(slot));
      if (at == null) {
        throw new IllegalStateException("replication slot " + slot + " is gone from "
            + publisher.describe());
      }
      if (Lsn.parse(at).compareTo(lsn) >= 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the subscriber of slot " + slot + " confirmed only "
            + at + " of " + lsn + " after " + limit.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Refuses new writes to the database and ends the client sessions that could still write,
   * waiting until each has gone (a session ended without waiting could still commit). Refused
   * while a prepared transaction waits: it could commit afterwards.
   */
  static void refuseWrites(ConnectionString server, String db) throws SQLException {
    String prepared = one(server, "SELECT string_agg(gid, ', ') FROM pg_prepared_xacts WHERE "
        + "database = " + literal(db));
    if (prepared != null) {
      throw new SQLException(db + " has prepared transactions waiting (" + prepared + "): "
          + "commit or roll them back first");
    }
    execute(server, "ALTER DATABASE " + ident(db) + " SET default_transaction_read_only = on");
    endClientSessions(server, db);
  }

  /** Takes writes again; sessions opened read-only meanwhile are ended, to reconnect writable. */
  static void allowWrites(ConnectionString server, String db) throws SQLException {
    execute(server, "ALTER DATABASE " + ident(db) + " RESET default_transaction_read_only");
    endClientSessions(server, db);
  }

  private static void endClientSessions(ConnectionString server, String db)
      throws SQLException {
    execute(server, "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE "
        + "datname = " + literal(db) + " AND backend_type = 'client backend' AND pid <> "
        + "pg_backend_pid()");
  }

  /** Whether the database refuses writes by default (its own setting says so). */
  static boolean refusesWrites(ConnectionString server, String db) throws SQLException {
    return one(server, "SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = "
        + "s.setdatabase WHERE s.setrole = 0 AND d.datname = " + literal(db) + " AND "
        + "'default_transaction_read_only=on' = ANY (s.setconfig)") != null;
  }

  /** The replication slot a subscription of {@code publication} for database {@code db} uses. */
  static String slot(String publication, ConnectionString publisher, String db)
      throws SQLException {
    return publication + "_" + one(publisher, "SELECT oid FROM pg_database WHERE datname = "
        + literal(db));
  }

  /**
   * Subscribes {@code subscriber} to {@code publication} on {@code publisher}, under the name of
   * the publication, unless it is already; {@code copy} copies what the tables hold first.
   */
  static void subscribe(ConnectionString subscriber, ConnectionString publisher,
      String publication, String slot, boolean copy) throws SQLException {
    if (subscribed(subscriber, publication)) {
      return;
    }
    if (one(publisher, "SELECT 1 FROM pg_publication WHERE pubname = " + literal(publication))
        == null) {
      execute(publisher, "CREATE PUBLICATION " + publication + " FOR ALL TABLES");
    }
    if (slotExists(publisher, slot)) {
      // A slot left by an attempt cut short before its subscription was committed.
      execute(publisher, "SELECT pg_drop_replication_slot(" + literal(slot) + ")");
    }
    execute(subscriber, "CREATE SUBSCRIPTION " + publication + " CONNECTION "
        + literal(publisher.toString()) + " PUBLICATION " + publication + " WITH (slot_name = "
        + literal(slot) + ", copy_data = " + copy + ")");
  }

  /** Whether the subscriber's database has a subscription named as the publication. */
  private static boolean subscribed(ConnectionString subscriber, String publication)
      throws SQLException {
    return one(subscriber, "SELECT 1 FROM pg_subscription WHERE subname = "
        + literal(publication) + " AND subdbid = (SELECT oid FROM pg_database WHERE datname = "
        + "current_database())") != null;
  }

  static boolean slotExists(ConnectionString publisher, String slot) throws SQLException {
    return one(publisher, "SELECT 1 FROM pg_replication_slots WHERE slot_name = "
        + literal(slot)) != null;
  }

  /** Whether every table of the subscription has its initial copy and follows the stream. */
  static boolean synced(ConnectionString subscriber, String subscription) throws SQLException {
    return "0".equals(one(subscriber, "SELECT count(*) FROM pg_subscription_rel r JOIN "
        + "pg_subscription s ON s.oid = r.srsubid WHERE s.subname = " + literal(subscription)
        + " AND r.srsubstate NOT IN ('r', 's')"));
  }

  /**
   * Drops the subscription, its slot on the publisher and the publication; harmless if gone.
   * A subscriber that cannot be reached (stopped for good, say) does not keep the slot: left on
   * the publisher, it would hold its WAL for ever.
   */
  static void unsubscribe(ConnectionString subscriber, ConnectionString publisher,
      String publication, String slot) throws SQLException {
    SQLException unreachable = null;
    try {
      if (subscribed(subscriber, publication)) {
        execute(subscriber, "ALTER SUBSCRIPTION " + publication + " DISABLE",
            "ALTER SUBSCRIPTION " + publication + " SET (slot_name = NONE)",
            "DROP SUBSCRIPTION " + publication);
      }
    } catch (SQLException e) {
      unreachable = e;
    }
    if (slotExists(publisher, slot)) {
      // The walsender lets go of the slot a moment after the subscriber disconnects.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (one(publisher, "SELECT 1 FROM pg_replication_slots WHERE slot_name = "
          + literal(slot) + " AND active") != null && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while waiting for slot " + slot + " to be free");
        }
      }
      execute(publisher, "SELECT pg_drop_replication_slot(" + literal(slot) + ")");
    }
    execute(publisher, "DROP PUBLICATION IF EXISTS " + publication);
    if (unreachable != null && !"08001".equals(unreachable.getSQLState())
        && !"08006".equals(unreachable.getSQLState())) {
      throw unreachable; // reached, but refused: not a subscriber that is gone
    }
  }
}
