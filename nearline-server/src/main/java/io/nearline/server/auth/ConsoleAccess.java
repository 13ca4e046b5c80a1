package io.nearline.server.auth;

import com.unboundid.ldap.sdk.LDAPException;
import io.nearline.common.secret.PrivateFiles;
import io.nearline.server.catalog.Catalog;
import io.nearline.services.NearlineException;
import io.nearline.services.console.AuditEntry;
import io.nearline.services.console.Console;
import io.nearline.services.console.NearlineNode;
import io.nearline.services.console.Session;
import io.nearline.services.console.TokenView;
import io.nearline.services.web.Caller;
import io.nearline.services.web.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs people in to the console. The local admin ({@value #LOCAL_ADMIN}) has a password kept as
 * bcrypt, set once through a one-time setup link; anyone else signs in with the directory. Every
 * name is locked out after repeated failures, whichever way it signs in.
 */
public final class ConsoleAccess implements Console {
  public static final String LOCAL_ADMIN = "admin";
  private static final Logger log = LoggerFactory.getLogger(ConsoleAccess.class);
  private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";
  private static final Object[] STRIPES = new Object[64];

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new Object();
    }
  }
  /** Checked when the name is unknown: a wrong name takes as long as a wrong password. */
  private static final String DECOY = PasswordHash.of(Sessions.random());

  private final Jdbi jdbi;
  private final ConsoleConfig config;
  private final AuditLog audit;
  private final Credentials credentials;
  private final Supplier<List<NearlineNode>> nodes;
  private final String nearlineName;
  private final Sessions sessions;
  private final Lockout lockout;
  private volatile String setupCode;
  private volatile Path setupFile;

  public ConsoleAccess(Catalog catalog, ConsoleConfig config, AuditLog audit,
      Credentials credentials, Supplier<List<NearlineNode>> nodes, String nearlineName,
      Clock clock) {
    this.jdbi = catalog.jdbi();
    this.credentials = credentials;
    this.config = config;
    this.audit = audit;
    this.nodes = nodes;
    this.nearlineName = nearlineName;
    this.sessions = new Sessions(config.idleTimeout(), clock);
    this.lockout = new Lockout(config.maxFailures(), config.lockout(), clock);
    this.setupCode = adminHash().isEmpty() ? Sessions.random() : null;
  }

  /**
   * While the local admin has no password, writes the one-time setup link (mode 0600) and
   * returns it, to be printed; null once the password is set.
   */
  public String announceSetup(String baseUrl, Path file) {
    String code = setupCode;
    if (code == null) {
      return null;
    }
    String link = baseUrl + "/setup?code=" + code;
    try {
      PrivateFiles.replace(file, "rw-------", link + "\n", null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the console setup link to " + file, e);
    }
    // The link itself is printed by 'nearline server', not logged: logs are read more widely.
    log.atInfo().addKeyValue("file", file).log("the console's admin password is not set: the "
        + "one-time link is in {} (mode 0600)", file);
    setupFile = file;
    return link;
  }

  @Override
  public String nearlineName() {
    return nearlineName;
  }

  @Override
  public boolean setupPending() {
    return setupCode != null;
  }

  @Override
  public synchronized void setUp(String code, String password) {
    String expected = setupCode;
    if (expected == null || code == null || !same(expected, code)) {
      throw new NearlineException(403, "this setup link is not valid: it is used once, and "
          + "the admin password has been set (or the link is mistyped)");
    }
    if (password == null || password.length() < PasswordHash.MIN_LENGTH) {
      throw new NearlineException(400, "the password is too short",
          java.util.Map.of("password", "must be at least " + PasswordHash.MIN_LENGTH
              + " characters"), null);
    }
    String hash = PasswordHash.of(password);
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO console_account (name, password_hash, "
        + "updated_at) VALUES (:name, :hash, :at)").bind("name", LOCAL_ADMIN)
        .bind("hash", hash).bind("at", Instant.now()).execute());
    setupCode = null;
    if (setupFile != null) {
      try {
        java.nio.file.Files.deleteIfExists(setupFile);
      } catch (IOException e) {
        log.warn("the used setup link stays in {}: {}", setupFile, e.toString());
      }
    }
  }

  @Override
  public Session signIn(String user, String password, String address) {
    if (user == null || !user.matches(NAME) || password == null || password.isEmpty()) {
      throw refused();
    }
    // One attempt at a time per name: parallel guesses cannot slip past the lock-out's count.
    synchronized (STRIPES[Math.floorMod(user.toLowerCase(java.util.Locale.ROOT).hashCode(),
        STRIPES.length)]) {
      return attempt(user, password, address);
    }
  }

  private Session attempt(String user, String password, String address) {
    Instant locked = lockout.lockedUntil(user);
    if (locked != null) {
      throw new NearlineException(429, "too many failed sign-ins for '" + user + "': locked "
          + "until " + locked.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " (UTC)");
    }
    Optional<Session> session = user.equalsIgnoreCase(LOCAL_ADMIN) ? local(password)
        : directory(user, password);
    if (session.isEmpty()) {
      lockout.failed(user);
      log.atWarn().addKeyValue("user", user).addKeyValue("address", address)
          .log("console sign-in refused");
      throw refused();
    }
    lockout.succeeded(user);
    return session.get();
  }

  private Optional<Session> local(String password) {
    Optional<String> hash = adminHash();
    boolean ok = PasswordHash.matches(hash.orElse(DECOY), password) && hash.isPresent();
    return ok ? Optional.of(sessions.open(Caller.token("console:" + LOCAL_ADMIN, Role.ADMIN),
        "local")) : Optional.empty();
  }

  private Optional<Session> directory(String user, String password) {
    DirectorySignIn directory = config.directory();
    if (directory == null) {
      PasswordHash.matches(DECOY, password); // the same time as a wrong password
      return Optional.empty();
    }
    try {
      return directory.authenticate(user, password)
          .map(role -> sessions.open(Caller.token("ldap:" + user, role), "directory"));
    } catch (LDAPException e) {
      throw new NearlineException(503, "the directory cannot be asked (" + directory.url()
          + "): " + e.getResultCode() + ": " + e.getDiagnosticMessage()
          + "; the local admin can still sign in", java.util.Map.of(), e);
    }
  }

  @Override
  public Session session(String id) {
    return sessions.touch(id);
  }

  @Override
  public boolean isLive(String id) {
    return sessions.isLive(id);
  }

  @Override
  public void signOut(String id) {
    sessions.close(id);
  }

  @Override
  public List<AuditEntry> audit(int limit) {
    List<AuditEntry> entries = new java.util.ArrayList<>(audit.since(null, limit).stream()
        .map(e -> new AuditEntry(e.id(), e.at(), e.actor(), e.address(), e.action(),
            e.status(), e.detail())).toList());
    java.util.Collections.reverse(entries);
    return entries;
  }

  @Override
  public List<NearlineNode> nodes() {
    return nodes.get();
  }

  @Override
  public List<TokenView> tokens() {
    return credentials.tokens().stream().map(t -> new TokenView(t.name(), t.role(),
        t.createdAt(), null)).toList();
  }

  @Override
  public TokenView createToken(String name, Role role) {
    Credentials.Issued issued = credentials.createToken(name, role);
    return new TokenView(issued.name(), issued.role(), Instant.now(), issued.token().reveal());
  }

  @Override
  public void revokeToken(String name) {
    credentials.revokeToken(name);
  }

  private Optional<String> adminHash() {
    return jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM console_account "
        + "WHERE name = :name").bind("name", LOCAL_ADMIN).mapTo(String.class).findOne());
  }

  private static NearlineException refused() {
    return new NearlineException(401, "wrong name or password");
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
