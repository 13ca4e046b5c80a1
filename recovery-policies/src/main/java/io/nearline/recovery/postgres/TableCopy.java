package io.nearline.recovery.postgres;

import io.nearline.shadow.postgres.ConnectionString;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * One database's data copied whole from one server to another of the same schema, in one
 * transaction on the receiving side: every table emptied and filled again by COPY (text
 * format, which every version reads alike), the large objects replaced, the sequences set.
 * Triggers and foreign keys hold off while it loads ({@code session_replication_role =
 * replica}), so the order of tables does not matter. Either all of it is there or none, so a
 * retry copies it exactly once. The migration's dump path: forward while writes are stopped on
 * the old server, back (the rollback) while they are refused on the new one.
 */
final class TableCopy {
  /** Large objects travel in pieces of this size. */
  private static final int PIECE = 1 << 20;

  /** What one copy moved. */
  record Copied(int tables, long bytes, int largeObjects, int sequences) {}

  private TableCopy() {
  }

  static Copied copy(ConnectionString from, ConnectionString to) throws SQLException {
    List<String> tables = MigrationSql.tables(from);
    try (Connection source = MigrationSql.open(from); Connection target = MigrationSql.open(to)) {
      // One snapshot of the source for every table and its large objects.
      source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      source.setReadOnly(true);
      source.setAutoCommit(false);
      try (Statement s = target.createStatement()) {
        // Before its transaction begins: the receiving side refuses writes to its clients.
        s.execute("SET default_transaction_read_only = off");
        s.execute("SET session_replication_role = replica");
      }
      target.setAutoCommit(false);
      try (Statement s = target.createStatement()) {
        if (!tables.isEmpty()) {
          s.execute("TRUNCATE " + String.join(", ", tables) + " CASCADE");
        }
        s.execute("SELECT lo_unlink(oid) FROM pg_largeobject_metadata");
      }
      long bytes = 0;
      for (String table : tables) {
        bytes += table(source, target, table);
      }
      int objects = largeObjects(source, target);
      target.commit();
      source.commit();
      int sequences = MigrationSql.carrySequences(from, to);
      return new Copied(tables.size(), bytes, objects, sequences);
    }
  }

  /** One table's rows, streamed; returns the bytes that crossed. */
  private static long table(Connection source, Connection target, String table)
      throws SQLException {
    String columns = columns(source, table);
    if (columns.isEmpty()) {
      return 0;
    }
    CopyManager in = source.unwrap(PGConnection.class).getCopyAPI();
    CopyManager out = target.unwrap(PGConnection.class).getCopyAPI();
    CopyOut reading = in.copyOut("COPY (SELECT " + columns + " FROM ONLY " + table
        + ") TO STDOUT");
    CopyIn writing = out.copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
    long bytes = 0;
    try {
      for (byte[] row = reading.readFromCopy(); row != null; row = reading.readFromCopy()) {
        writing.writeToCopy(row, 0, row.length);
        bytes += row.length;
      }
      writing.endCopy();
    } finally {
      if (writing.isActive()) {
        writing.cancelCopy();
      }
    }
    return bytes;
  }

  /** The columns a copy carries: every stored one, not dropped, not generated. */
  private static String columns(Connection c, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement("SELECT quote_ident(attname) FROM "
        + "pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped AND "
        + "attgenerated = '' ORDER BY attnum")) {
      p.setString(1, table);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
    }
    return String.join(", ", names);
  }

  /** Every large object, with its owner, in pieces; returns how many. */
  private static int largeObjects(Connection source, Connection target) throws SQLException {
    int count = 0;
    try (Statement s = source.createStatement();
         ResultSet r = s.executeQuery("SELECT oid, pg_get_userbyid(lomowner) FROM "
             + "pg_largeobject_metadata ORDER BY oid");
         PreparedStatement piece = source.prepareStatement("SELECT lo_get(?, ?, ?)");
         PreparedStatement create = target.prepareStatement("SELECT lo_create(?)");
         PreparedStatement put = target.prepareStatement("SELECT lo_put(?, ?, ?)");
         Statement owner = target.createStatement()) {
      while (r.next()) {
        long oid = r.getLong(1);
        create.setLong(1, oid);
        create.executeQuery().close();
        for (long offset = 0; ; offset += PIECE) {
          piece.setLong(1, oid);
          piece.setLong(2, offset);
          piece.setInt(3, PIECE);
          byte[] bytes;
          try (ResultSet got = piece.executeQuery()) {
            got.next();
            bytes = got.getBytes(1);
          }
          if (bytes.length > 0) {
            put.setLong(1, oid);
            put.setLong(2, offset);
            put.setBytes(3, bytes);
            put.executeQuery().close();
          }
          if (bytes.length < PIECE) {
            break;
          }
        }
        owner.execute("ALTER LARGE OBJECT " + oid + " OWNER TO "
            + MigrationSql.ident(r.getString(2)));
        count++;
      }
    }
    return count;
  }
}
