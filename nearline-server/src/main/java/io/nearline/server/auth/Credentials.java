package io.nearline.server.auth;

import io.nearline.common.secret.Secret;
import io.nearline.server.catalog.Catalog;
import io.nearline.services.NearlineException;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Role;
import io.nearline.shadow.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Who may call the API. Tokens carry a role; log readers read one protected server's log and
 * nothing else. A secret is shown once, when it is made; only its SHA-256 is kept (a secret is
 * 256 random bits, so a fast hash is enough: there is nothing to guess).
 */
public final class Credentials {
  /** Secrets start with this, so a leaked one is easy to recognise and to search for. */
  public static final String PREFIX = "nl_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;

  public Credentials(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** A token as listed: never its secret. */
  public record TokenInfo(String name, Role role, Instant createdAt) {}

  /** A token just made: the only time its secret is seen. */
  public record Issued(String name, Role role, Secret token) {}

  /** Makes a token; refused if a live one has the name. */
  public Issued createToken(String name, Role role) {
    return createToken(name, role, secret -> {});
  }

  /**
   * Makes a token and hands its secret to {@code keep} before the token is committed: if
   * {@code keep} fails, or the process dies first, the token does not exist.
   */
  public Issued createToken(String name, Role role, java.util.function.Consumer<Secret> keep) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
      throw new NearlineException(400, "invalid token name '" + name + "': letters, digits and"
          + " . _ @ -, at most 64");
    }
    Secret secret = newSecret();
    jdbi.useTransaction(h -> {
      boolean taken = h.createQuery("SELECT COUNT(*) FROM credential WHERE name = :name "
          + "AND role IS NOT NULL AND revoked_at IS NULL").bind("name", name)
          .mapTo(Integer.class).one() > 0;
      if (taken) {
        throw new NearlineException(409, "a token named '" + name + "' exists; revoke it first");
      }
      insert(h, name, role, null, null, secret);
      keep.accept(secret);
    });
    return new Issued(name, role, secret);
  }

  public List<TokenInfo> tokens() {
    return jdbi.withHandle(h -> h.createQuery("SELECT name, role, created_at FROM credential "
        + "WHERE role IS NOT NULL AND revoked_at IS NULL ORDER BY name")
        .map((r, ctx) -> new TokenInfo(r.getString(1), Role.valueOf(r.getString(2)),
            r.getTimestamp(3).toInstant())).list());
  }

  public boolean anyToken() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM credential "
        + "WHERE role IS NOT NULL").mapTo(Integer.class).one() > 0);
  }

  /** Revokes a token at once: its next call is refused. */
  public void revokeToken(String name) {
    int revoked = jdbi.withHandle(h -> h.createUpdate("UPDATE credential SET revoked_at = :at "
        + "WHERE name = :name AND role IS NOT NULL AND revoked_at IS NULL")
        .bind("at", Instant.now()).bind("name", name).execute());
    if (revoked == 0) {
      throw new NearlineException(404, "no token named '" + name + "'");
    }
  }

  /**
   * Makes a credential that reads {@code server}'s log and nothing else, for a surrogate
   * ({@code runId} null) or for the standby of one run.
   */
  public Secret issueLogReader(String name, String server, Long runId) {
    Secret secret = newSecret();
    jdbi.useTransaction(h -> insert(h, name, null, server, runId, secret));
    return secret;
  }

  /** Revokes the log readers made for a run: called when it ends or is rolled back. */
  public void revokeRun(long runId) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE credential SET revoked_at = :at "
        + "WHERE run_id = :run AND revoked_at IS NULL").bind("at", Instant.now())
        .bind("run", runId).execute());
  }

  /** Revokes every live log reader of that name (a surrogate's earlier ones). */
  public void revokeLogReaders(String name) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE credential SET revoked_at = :at "
        + "WHERE name = :name AND server_name IS NOT NULL AND revoked_at IS NULL")
        .bind("at", Instant.now()).bind("name", name).execute());
  }

  /** Revokes everything that reads a removed server's log. */
  public void revokeServer(String server) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE credential SET revoked_at = :at "
        + "WHERE server_name = :server AND revoked_at IS NULL").bind("at", Instant.now())
        .bind("server", server).execute());
  }

  /** Who holds this secret, if it is live. */
  public Optional<Caller> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String hash = hash(secret);
    // A log reader made before its server was (last) protected reads nothing: it is left over
    // from a namesake removed since. (Removal revokes them; this also covers one issued while
    // the removal ran.)
    return jdbi.withHandle(h -> h.createQuery("SELECT c.name, c.role, c.server_name "
        + "FROM credential c LEFT JOIN protected_server p ON p.name = c.server_name "
        + "WHERE c.secret_sha256 = :hash AND c.revoked_at IS NULL AND (c.role IS NOT NULL "
        + "OR p.id IS NULL OR c.created_at >= p.created_at)").bind("hash", hash)
        .map((r, ctx) -> r.getString(2) != null
            ? Caller.token(r.getString(1), Role.valueOf(r.getString(2)))
            : Caller.logReader(r.getString(1), r.getString(3)))
        .findOne());
  }

  private static void insert(org.jdbi.v3.core.Handle h, String name, Role role, String server,
      Long runId, Secret secret) {
    h.createUpdate("INSERT INTO credential (name, role, server_name, run_id, secret_sha256, "
        + "created_at) VALUES (:name, :role, :server, :run, :hash, :at)").bind("name", name)
        .bind("role", role == null ? null : role.name()).bind("server", server)
        .bind("run", runId).bind("hash", hash(secret.reveal())).bind("at", Instant.now())
        .execute();
  }

  private static Secret newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Secret.of(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static String hash(String secret) {
    return Sha256.hex(secret.getBytes(StandardCharsets.UTF_8));
  }
}
