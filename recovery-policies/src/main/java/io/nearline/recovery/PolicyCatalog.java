package io.nearline.recovery;

import io.nearline.recovery.journal.Database;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Recovery pairs and policies in the catalog, stored as validated JSON documents. */
public final class PolicyCatalog {
  private final Database db;

  public PolicyCatalog(Database db) {
    this.db = db;
  }

  /** Saves a pair with the check report that allowed it. */
  public void savePair(RecoveryPair pair, String checkReport) throws SQLException,
      InvalidPolicyException {
    pair.validate();
    String body = RecoveryJson.write(pair);
    Instant now = Instant.now();
    if (db.update("UPDATE recovery_pair SET body = ?, check_report = ?, checked_at = ?, "
        + "updated_at = ? WHERE name = ?", body, checkReport, now, now, pair.name()) == 0) {
      db.update("INSERT INTO recovery_pair (name, body, check_report, checked_at, updated_at) "
          + "VALUES (?, ?, ?, ?, ?)", pair.name(), body, checkReport, now, now);
    }
  }

  /** Saves a policy once every pair it names is known. */
  public void savePolicy(RecoveryPolicy policy) throws SQLException, InvalidPolicyException {
    policy.validate();
    for (String pair : policy.pairs()) {
      if (pair(pair).isEmpty()) {
        throw new InvalidPolicyException("policy " + policy.name() + " names pair " + pair
            + ", which does not exist; add it first");
      }
    }
    String body = RecoveryJson.write(policy);
    if (db.update("UPDATE recovery_policy SET body = ?, updated_at = ? WHERE name = ?", body,
        Instant.now(), policy.name()) == 0) {
      db.update("INSERT INTO recovery_policy (name, body, updated_at) VALUES (?, ?, ?)",
          policy.name(), body, Instant.now());
    }
  }

  public Optional<RecoveryPair> pair(String name) throws SQLException {
    return first(db.query(r -> r.getString(1), "SELECT body FROM recovery_pair WHERE name = ?",
        name), RecoveryPair.class);
  }

  public Optional<String> checkReport(String pair) throws SQLException {
    return db.query(r -> r.getString(1), "SELECT check_report FROM recovery_pair WHERE name = ?",
        pair).stream().findFirst();
  }

  public Optional<RecoveryPolicy> policy(String name) throws SQLException {
    return first(db.query(r -> r.getString(1),
        "SELECT body FROM recovery_policy WHERE name = ?", name), RecoveryPolicy.class);
  }

  public List<RecoveryPair> pairs() throws SQLException {
    return all(db.query(r -> r.getString(1), "SELECT body FROM recovery_pair ORDER BY name"),
        RecoveryPair.class);
  }

  public List<RecoveryPolicy> policies() throws SQLException {
    return all(db.query(r -> r.getString(1), "SELECT body FROM recovery_policy ORDER BY name"),
        RecoveryPolicy.class);
  }

  public boolean removePolicy(String name) throws SQLException {
    return db.update("DELETE FROM recovery_policy WHERE name = ?", name) > 0;
  }

  /** Everything, for a policy file. */
  public PolicyFile export() throws SQLException {
    return new PolicyFile(PolicyFile.VERSION, pairs(), policies());
  }

  private static <T> Optional<T> first(List<String> bodies, Class<T> type) {
    return all(bodies, type).stream().findFirst();
  }

  private static <T> List<T> all(List<String> bodies, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (String body : bodies) {
      try {
        out.add(RecoveryJson.read(body, type));
      } catch (InvalidPolicyException e) {
        throw new IllegalStateException("catalog holds an unreadable " + type.getSimpleName()
            + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
