package io.nearline.server;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.nearline.common.retry.Backoff;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.server.smb.TransferRetry;
import io.nearline.server.surrogate.SurrogateConfig;
import io.nearline.services.ProtectRequest;
import io.nearline.testkit.Command;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.SambaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The integration world, as a JUnit 5 extension: for each test a real PostgreSQL 15 primary
 * archiving into a folder, a real smbd sharing that folder as {@code archive}, and (unless the
 * test runs its own) a Nearline server in this JVM with fast polling, all in a fresh folder;
 * everything is stopped and the folder deleted after the test.
 *
 * <pre>
 *   &#64;RegisterExtension final NearlineFixture f = NearlineFixture.withServer();
 * </pre>
 */
public final class NearlineFixture implements BeforeEachCallback, AfterEachCallback,
    org.junit.jupiter.api.extension.BeforeAllCallback,
    org.junit.jupiter.api.extension.AfterAllCallback, AutoCloseable {
  public static final String SMB_PASSWORD = "s3cret-Pass";
  private Path dataDir;
  public static final Duration FAST_SETTLE = Duration.ofSeconds(1);

  private final boolean withServer;
  private final int pgbenchScale;
  private final String[] primarySettings;
  private final boolean perClass;
  public Path dir;
  public PostgresPrimary primary;
  public SambaServer samba;
  public NearlineServer server;
  public ApiClient api;

  private NearlineFixture(boolean withServer, int pgbenchScale, String[] primarySettings,
      boolean perClass) {
    this.withServer = withServer;
    this.pgbenchScale = pgbenchScale;
    this.primarySettings = primarySettings;
    this.perClass = perClass;
  }

  /** The world with a Nearline server running in this JVM. */
  public static NearlineFixture withServer() {
    return new NearlineFixture(true, 0, new String[0], false);
  }

  /** The world without a server: the test starts one itself (in a JVM of its own, say). */
  public static NearlineFixture withoutServer() {
    return new NearlineFixture(false, 0, new String[0], false);
  }

  /** The same world with pgbench's tables on the primary at {@code scale}. */
  public NearlineFixture withPgbench(int scale) {
    return new NearlineFixture(withServer, scale, primarySettings, perClass);
  }

  /** The same world with these lines added to the primary's postgresql.conf. */
  public NearlineFixture withPrimarySettings(String... settings) {
    return new NearlineFixture(withServer, pgbenchScale, settings, perClass);
  }

  /**
   * The same world, started once for a whole test class (register it in a static field): for
   * tests that build on one another's data and cannot afford a world each.
   */
  public NearlineFixture perClass() {
    return new NearlineFixture(withServer, pgbenchScale, primarySettings, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (perClass) {
      start(Files.createTempDirectory("nearline-"));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      afterEach(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (perClass) {
      return;
    }
    // Short: PostgreSQL keeps its socket in this folder, and socket paths are limited to 107 bytes.
    start(Files.createTempDirectory("nearline-"));
  }

  /** Starts the world in {@code dir}, for tests that drive it themselves. */
  public void start(Path dir) throws Exception {
    this.dir = dir;
    primary = PostgresPrimary.start(dir.resolve("primary"), primarySettings);
    samba = SambaServer.create(dir.resolve("samba"), SMB_PASSWORD)
        .share("archive", primary.archiveDir());
    samba.start();
    if (pgbenchScale > 0) {
      primary.pgbenchInit(pgbenchScale);
    }
    if (withServer) {
      startServer();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perClass && context.getTestMethod().isPresent()) {
      return;
    }
    close();
    Command.run(Path.of("/"), "rm", "-rf", dir.toString());
  }

  public static CollectionSettings fastSettings() {
    return CollectionSettings.defaults().withPollInterval(Duration.ofMillis(200))
        .withSettleTime(FAST_SETTLE)
        .withRetryBackoff(new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)))
        .withStoreFullRecheck(Duration.ofMillis(500))
        .withTransferRetry(new TransferRetry(6, new Backoff(Duration.ofMillis(200),
            Duration.ofSeconds(2)), Duration.ofSeconds(5)));
  }

  public static SurrogateConfig fastSurrogates() {
    return SurrogateConfig.defaults().withTimings(Duration.ofMillis(300), Duration.ofSeconds(4),
        Duration.ofSeconds(90), Duration.ofSeconds(1), Duration.ofSeconds(5));
  }

  public void startServer(Path dataDir, long reserveBytes) throws Exception {
    startServer(dataDir, reserveBytes, fastSettings());
  }

  public void startServer(Path dataDir, long reserveBytes, CollectionSettings collection)
      throws Exception {
    startServer(new ServerConfig(dataDir, "127.0.0.1", 0, reserveBytes, collection,
        fastSurrogates()));
  }

  public void startServer(ServerConfig config) throws Exception {
    this.dataDir = config.dataDir();
    server = NearlineServer.start(config, clock);
    api = server.localAdminClient();
  }

  /** The clock the server's retention reads; tests move it ahead. */
  public final MovableClock clock = new MovableClock();

  /** The first admin token of the running server, as it wrote it at first start. */
  public Path adminTokenFile() {
    return dataDir.resolve("admin.token");
  }

  /** The command line against the running server, as its first admin. */
  public CliRun cli(String... args) {
    Path ca = server.certificateFile();
    return CliRun.against((ca == null ? "http" : "https") + "://127.0.0.1:" + server.port(),
        adminTokenFile(), ca, args);
  }

  public void startServer() throws Exception {
    startServer(dir.resolve("nearline"), 0);
  }

  public ProtectRequest protectRequest(String name, String password) {
    return new ProtectRequest(name, "postgresql", samba.url("archive"), SambaServer.USER,
        password, primary.connectionString(), false);
  }

  /** Protects with a baseline and a surrogate. */
  public JsonNode protectWithSurrogate(String name) {
    ProtectRequest r = protectRequest(name, SMB_PASSWORD);
    return api.post("/api/servers", new ProtectRequest(r.name(), r.kind(), r.share(), r.user(),
        r.password(), r.primary(), true));
  }

  public JsonNode protect(String name) {
    return api.post("/api/servers", protectRequest(name, SMB_PASSWORD));
  }

  public JsonNode status(String name) {
    return api.get("/api/servers/" + name);
  }

  /** Polls the server's status until {@code condition} holds; fails with the last status. */
  public JsonNode awaitStatus(String name, Duration timeout, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode s = status(name);
    while (!condition.test(s)) {
      if (System.nanoTime() > deadline) {
        fail("status of " + name + " did not reach the expected condition in " + timeout
            + "; last status: " + s.toPrettyString());
      }
      sleep(100);
      s = status(name);
    }
    return s;
  }

  /** Waits until the collected position is {@code segment}. */
  public JsonNode awaitCollected(String name, String segment) {
    return awaitStatus(name, Duration.ofSeconds(60),
        s -> segment.equals(s.path("lastSegment").asText()));
  }

  /** Makes the primary close and archive {@code count} more segments; returns their names. */
  public java.util.List<String> archiveSegments(int count) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      primary.sql("CREATE TABLE IF NOT EXISTS tick (at timestamptz); INSERT INTO tick VALUES (now())");
      names.add(primary.switchAndArchive());
    }
    return names;
  }

  public void pause(String name) {
    api.post("/api/servers/" + name + "/pause", java.util.Map.of());
  }

  public void resume(String name) {
    api.post("/api/servers/" + name + "/resume", java.util.Map.of());
  }

  /** Asserts every archived segment up to {@code last} is in the store, byte for byte. */
  public void assertStoredIdentical(String server, String last) throws java.io.IOException {
    io.nearline.shadow.store.LogStore store =
        new io.nearline.shadow.store.LogStore(dir.resolve("nearline/store"), 0);
    try (var files = java.nio.file.Files.list(primary.archiveDir())) {
      for (Path p : files.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}")
          && p.getFileName().toString().compareTo(last) <= 0).toList()) {
        byte[] original = java.nio.file.Files.readAllBytes(p);
        org.junit.jupiter.api.Assertions.assertArrayEquals(original, store.read(server,
            p.getFileName().toString(), io.nearline.shadow.store.Sha256.hex(original)),
            p.getFileName().toString());
      }
    }
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    stopServer();
    if (samba != null) {
      samba.close();
    }
    if (primary != null) {
      primary.close();
    }
  }
}
