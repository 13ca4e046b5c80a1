package io.nearline.server.auth;

import io.nearline.server.catalog.Catalog;
import io.nearline.shadow.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log, kept in the catalog. Entries are only ever added: the product has no way to
 * change one. Each carries the SHA-256 of the one before it and of its own fields, so
 * {@link #verify()} finds an entry edited, removed or inserted in the catalog directly.
 */
public final class AuditLog {
  /** The hash the first entry follows. */
  static final String GENESIS = "0".repeat(64);
  private static final String COLUMNS =
      "id, recorded_at, actor, address, action, status, detail, prev_hash, hash";

  private final Jdbi jdbi;

  public AuditLog(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /**
   * One entry.
   *
   * @param actor the token's or credential's name; "(none)" for a caller without a valid one
   * @param address where the request came from
   * @param action the method and path, such as {@code POST /api/servers/db1/pause}
   * @param status the answer's HTTP status: 2xx done, 401 and 403 refused
   * @param detail what was asked and what changed, as JSON, secrets masked
   */
  public record Entry(long id, Instant at, String actor, String address, String action,
      int status, String detail, String prevHash, String hash) {}

  /** Adds an entry after the newest one; entries are added one at a time. */
  public synchronized Entry append(String actor, String address, String action, int status,
      String detail) {
    // Kept as microseconds since the epoch: the hash is made of exactly what is stored, with no
    // time zone between the two (a local TIMESTAMP repeats an hour when the clocks go back).
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return jdbi.inTransaction(h -> {
      h.execute("LOCK TABLE audit_entry IN EXCLUSIVE MODE"); // one chain, whoever appends
      String prev = h.createQuery("SELECT hash FROM audit_entry ORDER BY id DESC")
          .setMaxRows(1).mapTo(String.class).findOne().orElse(GENESIS);
      String hash = hash(prev, at, actor, address, action, status, detail);
      long id = h.createUpdate("INSERT INTO audit_entry (recorded_at, actor, address, action, "
              + "status, detail, prev_hash, hash) VALUES (:at, :actor, :address, :action, "
              + ":status, :detail, :prev, :hash)").bind("at", micros(at)).bind("actor", actor)
          .bind("address", address).bind("action", action).bind("status", status)
          .bind("detail", detail).bind("prev", prev).bind("hash", hash)
          .executeAndReturnGeneratedKeys("ID").mapTo(Long.class).one();
      return new Entry(id, at, actor, address, action, status, detail, prev, hash);
    });
  }

  /**
   * At most {@code limit} entries, oldest first: the first ones at or after {@code since}, or
   * without it the newest.
   */
  public List<Entry> since(Instant since, int limit) {
    if (since != null) {
      return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM audit_entry "
              + "WHERE recorded_at >= :since ORDER BY id").bind("since", micros(since))
          .setMaxRows(limit).map(AuditLog::entry).list());
    }
    List<Entry> newest = new java.util.ArrayList<>(jdbi.withHandle(h -> h.createQuery(
        "SELECT " + COLUMNS + " FROM audit_entry ORDER BY id DESC").setMaxRows(limit)
        .map(AuditLog::entry).list()));
    java.util.Collections.reverse(newest);
    return newest;
  }

  /** What {@link #verify()} found: the number of entries checked, and the first broken one. */
  public record Verification(long entries, Optional<String> broken) {
    public boolean intact() {
      return broken.isEmpty();
    }
  }

  /** Walks the whole chain, recomputing every hash. */
  public Verification verify() {
    return jdbi.withHandle(h -> {
      String expectedPrev = GENESIS;
      long count = 0;
      for (Entry e : h.createQuery("SELECT " + COLUMNS + " FROM audit_entry ORDER BY id")
          .map(AuditLog::entry).list()) {
        count++;
        if (!e.prevHash().equals(expectedPrev)) {
          return new Verification(count, Optional.of("entry " + e.id() + " does not follow the "
              + "entry before it: one was removed or inserted there"));
        }
        if (!e.hash().equals(hash(e.prevHash(), e.at(), e.actor(), e.address(), e.action(),
            e.status(), e.detail()))) {
          return new Verification(count, Optional.of("entry " + e.id() + " was changed after "
              + "it was written"));
        }
        expectedPrev = e.hash();
      }
      return new Verification(count, Optional.empty());
    });
  }

  private static Entry entry(java.sql.ResultSet r, org.jdbi.v3.core.statement.StatementContext c)
      throws java.sql.SQLException {
    long us = r.getLong(2);
    Instant at = Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L),
        Math.floorMod(us, 1_000_000L) * 1000);
    return new Entry(r.getLong(1), at, r.getString(3), r.getString(4),
        r.getString(5), r.getInt(6), r.getString(7), r.getString(8), r.getString(9));
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  private static String hash(String prev, Instant at, String actor, String address,
      String action, int status, String detail) {
    // Each field prefixed by its length: no two different entries hash the same text.
    StringBuilder text = new StringBuilder();
    for (String field : new String[] {prev, at.toString(), actor, address, action,
        Integer.toString(status), detail}) {
      text.append(field.length()).append(':').append(field);
    }
    return Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
