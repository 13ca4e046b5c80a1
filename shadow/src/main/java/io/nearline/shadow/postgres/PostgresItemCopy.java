package io.nearline.shadow.postgres;

import io.nearline.shadow.ItemCopy;
import io.nearline.shadow.ShadowException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * A table, or its rows a predicate selects, copied from a snapshot into a new table on a live
 * server: the columns and their types as they were at the point (no indexes, constraints or
 * defaults), then the rows with COPY, all in one transaction there. The predicate runs only on
 * the snapshot, which is read-only.
 */
final class PostgresItemCopy implements ItemCopy {

  @Override
  public Copied copy(String from, String to, String item, String where, String as)
      throws ShadowException {
    Path rows = null;
    try (Connection source = ConnectionString.parse(from).open("nearline-item-restore", 10, 0);
         Connection target = ConnectionString.parse(to).open("nearline-item-restore", 10, 0)) {
      List<String> columns = columns(source, item);
      rows = Files.createTempFile("nearline-rows", ".copy");
      try (OutputStream out = Files.newOutputStream(rows)) {
        source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM " + item
            + (where == null || where.isBlank() ? "" : " WHERE " + where) + ") TO STDOUT "
            + "(FORMAT binary)", out);
      }
      target.setAutoCommit(false);
      long count;
      try (Statement s = target.createStatement(); InputStream in = Files.newInputStream(rows)) {
        s.execute("CREATE TABLE " + as + " (" + String.join(", ", columns) + ")");
        count = target.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + as
            + " FROM STDIN (FORMAT binary)", in);
        target.commit();
      } catch (SQLException | IOException e) {
        target.rollback();
        throw e;
      }
      return new Copied(ConnectionString.parse(to).describe() + " " + as, item, count);
    } catch (SQLException e) {
      throw new ShadowException("cannot copy " + item + " into " + as + ": " + e.getMessage()
          + " (nothing was created)", e);
    } catch (IOException e) {
      throw new ShadowException("cannot stage the rows of " + item + ": " + e, e);
    } finally {
      if (rows != null) {
        try {
          Files.deleteIfExists(rows);
        } catch (IOException ignored) {
          // a temporary file
        }
      }
    }
  }

  /** Each column as {@code "name" type}, in order, as the snapshot has the table. */
  private static List<String> columns(Connection source, String item) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = source.prepareStatement("SELECT quote_ident(attname), "
        + "format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ?::regclass "
        + "AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
      p.setString(1, item);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1) + " " + r.getString(2));
        }
      }
    }
    return out;
  }
}
