package io.nearline.recovery;

import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Recovery pairs and policies in the catalog, stored as validated JSON documents. */
public final class PolicyCatalog {
  private final Jdbi jdbi;

  public PolicyCatalog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Saves a pair with the check report that allowed it. */
  public void savePair(RecoveryPair pair, String checkReport) {
    String body = Json.write(Validation.valid(pair));
    Instant now = Instant.now();
    jdbi.useTransaction(h -> {
      int updated = h.createUpdate("UPDATE recovery_pair SET body = :body, check_report = "
          + ":report, checked_at = :now, updated_at = :now WHERE name = :name")
          .bind("body", body).bind("report", checkReport).bind("now", now)
          .bind("name", pair.name()).execute();
      if (updated == 0) {
        h.createUpdate("INSERT INTO recovery_pair (name, body, check_report, checked_at, "
            + "updated_at) VALUES (:name, :body, :report, :now, :now)").bind("name", pair.name())
            .bind("body", body).bind("report", checkReport).bind("now", now).execute();
      }
    });
  }

  /** Saves a policy once every pair it names is known. */
  public void savePolicy(RecoveryPolicy policy) {
    Validation.valid(policy);
    for (String pair : policy.pairs()) {
      if (pair(pair).isEmpty()) {
        throw new InvalidPolicyException("policy " + policy.name() + " names pair " + pair
            + ", which does not exist; add it first");
      }
    }
    String body = Json.write(policy);
    jdbi.useTransaction(h -> {
      int updated = h.createUpdate("UPDATE recovery_policy SET body = :body, updated_at = :now "
          + "WHERE name = :name").bind("body", body).bind("now", Instant.now())
          .bind("name", policy.name()).execute();
      if (updated == 0) {
        h.createUpdate("INSERT INTO recovery_policy (name, body, updated_at) VALUES (:name, "
            + ":body, :now)").bind("name", policy.name()).bind("body", body)
            .bind("now", Instant.now()).execute();
      }
    });
  }

  public Optional<RecoveryPair> pair(String name) {
    return bodies("SELECT body FROM recovery_pair WHERE name = :name", name, RecoveryPair.class)
        .stream().findFirst();
  }

  public Optional<RecoveryPolicy> policy(String name) {
    return bodies("SELECT body FROM recovery_policy WHERE name = :name", name,
        RecoveryPolicy.class).stream().findFirst();
  }

  public List<RecoveryPair> pairs() {
    return bodies("SELECT body FROM recovery_pair ORDER BY name", null, RecoveryPair.class);
  }

  public List<RecoveryPolicy> policies() {
    return bodies("SELECT body FROM recovery_policy ORDER BY name", null, RecoveryPolicy.class);
  }

  /** Everything, for a policy file. */
  public PolicyFile export() {
    return new PolicyFile(PolicyFile.VERSION, pairs(), policies());
  }

  private <T> List<T> bodies(String sql, String name, Class<T> type) {
    List<String> bodies = jdbi.withHandle(h -> {
      var query = h.createQuery(sql);
      if (name != null) {
        query.bind("name", name);
      }
      return query.mapTo(String.class).list();
    });
    List<T> out = new ArrayList<>();
    for (String body : bodies) {
      try {
        out.add(Json.read(body, type));
      } catch (InvalidConfigException e) {
        throw new IllegalStateException("catalog holds an unreadable " + type.getSimpleName()
            + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
