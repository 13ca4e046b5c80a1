package io.nearline.server;

import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.nearline.common.config.Validation;
import io.nearline.drills.DrillService;
import io.nearline.drills.migration.MigrationService;
import io.nearline.drills.report.DrillResults;
import io.nearline.recovery.journal.Journal;
import io.nearline.server.api.ApiServer;
import io.nearline.server.api.AuditRoutes;
import io.nearline.server.api.MetricsRoutes;
import io.nearline.server.api.PeerRoutes;
import io.nearline.server.api.RecoveryRoutes;
import io.nearline.server.api.RetentionRoutes;
import io.nearline.server.api.ServerRoutes;
import io.nearline.server.api.SnapshotRoutes;
import io.nearline.server.api.StoreRoutes;
import io.nearline.server.api.TokenRoutes;
import io.nearline.server.api.WalRoutes;
import io.nearline.server.auth.AuditLog;
import io.nearline.server.auth.Credentials;
import io.nearline.server.auth.ConsoleAccess;
import io.nearline.server.auth.FirstAdmin;
import io.nearline.server.peer.NodeView;
import io.nearline.server.auth.TlsIdentity;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.peer.PeerService;
import io.nearline.server.pit.RestorabilityVerifier;
import io.nearline.server.pit.RetentionService;
import io.nearline.server.pit.SnapshotService;
import io.nearline.server.pit.SyntheticBaselines;
import io.nearline.server.recovery.RecoveryService;
import io.nearline.server.recovery.ServerEnvironment;
import io.nearline.server.secret.SecretBox;
import io.nearline.server.secret.StoreKeys;
import io.nearline.server.secret.StoreRekey;
import io.nearline.server.surrogate.SurrogateService;
import io.nearline.services.Nearline;
import io.nearline.services.pit.Restorability;
import io.nearline.services.web.WebModule;
import io.nearline.shadow.store.LogStore;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process: components started in order (catalog, store, collection, API) and
 * stopped in reverse. {@link #close()} is safe to call twice.
 */
public final class NearlineServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NearlineServer.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final CollectionService collection;
  private PeerService peer;
  private final Credentials credentials;
  private final ApiServer api;
  private final String bindAddress;
  private final java.nio.file.Path adminTokenFile;
  private final TlsIdentity tls;
  private ConsoleAccess console;
  private String setupLink;

  private NearlineServer(ServerConfig config, java.time.Clock clock) throws Exception {
    this.bindAddress = config.bindAddress();
    this.adminTokenFile = config.adminTokenFile();
    Files.createDirectories(config.dataDir());
    this.tls = tls(config);
    try {
      SecretBox secrets = SecretBox.open(config.keyFile());
      Catalog catalog = Catalog.open(config.catalogDir(), List.of(Catalog.SCHEMA, Journal.SCHEMA,
          DrillResults.SCHEMA));
      started.push(catalog);
      LogStore store = new LogStore(config.storeDir(), config.storeReserveBytes());
      StoreKeys keys = StoreKeys.open(catalog, config.masterKey());
      store.setCipher(keys.cipher());
      int removed = store.removeTemporaryFiles();
      if (removed > 0) {
        log.info("removed {} partly written store files left by an earlier stop", removed);
      }
      credentials = new Credentials(catalog);
      AuditLog audit = new AuditLog(catalog);
      FirstAdmin.ensure(credentials, config.adminTokenFile());
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(metrics);
      started.push(metrics::close);
      collection = new CollectionService(catalog, store, secrets, metrics, config.collection());
      started.push(collection);
      peer = new PeerService(catalog, collection, secrets, config.peerDir(), config.storeDir(),
          config.bindAddress(), () -> localUrl(config.bindAddress()), config.peer(), metrics);
      started.push(peer);
      peer.start(); // before collection: a peer or a fenced near-line must not collect
      collection.setPeerView(peer::status);
      collection.onCommitted(peer::committed);
      collection.start();
      SurrogateService surrogates = new SurrogateService(catalog, collection,
          config.dataDir().resolve("surrogates"), config.storeDir(),
          () -> localUrl(config.bindAddress()),
          config.surrogates(), metrics, credentials, certificatePem());
      started.push(surrogates);
      collection.setLifecycle(surrogates);
      RecoveryService recovery = new RecoveryService(catalog, new ServerEnvironment(catalog,
          collection, surrogates, config.surrogates().osUser(), credentials, certificatePem()),
          metrics);
      started.push(recovery);
      recovery.setRefusal(peer::refusal);
      collection.onRemoval(recovery::removed);
      collection.onRemoval(row -> credentials.revokeServer(row.name()));
      SnapshotService snapshots = new SnapshotService(catalog, collection,
          config.snapshotsDir(), config.surrogates().osUser(),
          config.pointsInTime().snapshotTtl(), config.pointsInTime().publishedBaselines(),
          metrics);
      started.push(snapshots);
      StoreRekey rekey = new StoreRekey(catalog, collection, store);
      started.push(rekey);
      RetentionService retention = new RetentionService(catalog, collection, store, snapshots,
          peer, clock, metrics);
      started.push(retention);
      RestorabilityVerifier verifier = new RestorabilityVerifier(catalog, collection, retention,
          snapshots, config.pointsInTime().openSampleEvery(), metrics);
      started.push(verifier);
      collection.setRestorabilityView(name -> verifier.last(name).map(Restorability::from)
          .orElse(null));
      SyntheticBaselines synthetic = new SyntheticBaselines(catalog, collection, surrogates,
          config.pointsInTime().baselineSchedule(), config.pointsInTime().openTarget(),
          snapshots::replayRate);
      started.push(synthetic);
      DrillService drills = new DrillService(new Nearline(collection, recovery, recovery.tags(),
          null, snapshots, retention, null, null, null), catalog.jdbi(), catalog::connect, config.dataDir(),
          metrics);
      MigrationService migrations = new MigrationService(collection, recovery, catalog.jdbi(),
          config.dataDir(), clock, metrics);
      started.push(migrations);
      console = new ConsoleAccess(catalog, config.security().console(), audit, credentials,
          new NodeView(peer, config.dataDir())::nodes, NodeView.hostName(), clock);
      started.push(drills);
      api = new ApiServer(config.bindAddress(), config.port(),
          new Nearline(collection, recovery, recovery.tags(), drills, snapshots, retention,
              console, migrations, peer),
          webModules(collection, peer, metrics, credentials, audit, config.security(),
              synthetic, verifier, new StoreRoutes(keys, store, rekey)), credentials,
          console, audit, tls);
      started.push(api);
      // Closed before the API: an ask a surrogate has held open is answered, not cut off.
      started.push(collection::stopHoldingAsks);
      api.start();
      setupLink = console.announceSetup(localUrl(config.bindAddress()),
          config.consoleSetupFile());
      surrogates.start();
      recovery.start();
      drills.start();
      migrations.start();
      snapshots.start();
      synthetic.start();
      retention.start(config.pointsInTime().retentionEvery());
      verifier.start(config.pointsInTime().verifyEvery());
      log.atInfo().addKeyValue("dataDir", config.dataDir()).addKeyValue("port", api.port())
          .log("nearline server started");
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** The server's own API routes, then every module's found on the class path. */
  private static List<WebModule> webModules(CollectionService collection, PeerService peer,
      PrometheusMeterRegistry metrics, Credentials credentials, AuditLog audit,
      ApiSecurity security, SyntheticBaselines synthetic, RestorabilityVerifier verifier,
      StoreRoutes storeRoutes) {
    List<WebModule> modules = new ArrayList<>(List.of(new ServerRoutes(), new RecoveryRoutes(),
        new WalRoutes(collection), new MetricsRoutes(metrics, security.openMetrics()),
        new TokenRoutes(credentials), new AuditRoutes(audit), new PeerRoutes(peer),
        new SnapshotRoutes(synthetic), new RetentionRoutes(verifier), storeRoutes));
    ServiceLoader.load(WebModule.class).forEach(modules::add);
    return modules;
  }

  /** Where a local process reaches the API: loopback when it listens on every address. */
  private String localUrl(String bind) {
    String host = bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1"
        : bind.contains(":") ? "[" + bind + "]" : bind;
    return (tls == null ? "http://" : "https://") + host + ":" + api.port();
  }

  /**
   * The key and certificate to serve with, or null for plain HTTP: refused on any address but
   * loopback, where tokens and WAL would cross the network readable by anyone on the way.
   */
  private static TlsIdentity tls(ServerConfig config) throws java.io.IOException {
    ApiSecurity security = config.security();
    if (!security.tls()) {
      if (!java.net.InetAddress.getByName(config.bindAddress()).isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing to serve the API on "
            + config.bindAddress() + " without TLS: add --tls (a self-signed certificate is "
            + "made at first start) or --tls-cert FILE --tls-key FILE");
      }
      return null;
    }
    if (security.certificate() != null || security.privateKey() != null) {
      if (security.certificate() == null || security.privateKey() == null) {
        throw new IllegalArgumentException("a TLS certificate needs its key, and a key its "
            + "certificate: give both --tls-cert and --tls-key");
      }
      TlsIdentity own = TlsIdentity.load(security.certificate(), security.privateKey());
      own.warnIfStale(config.bindAddress());
      return own;
    }
    TlsIdentity made = TlsIdentity.selfSigned(config.dataDir().resolve("tls"),
        TlsIdentity.defaultNames(config.bindAddress()));
    made.warnIfStale(config.bindAddress());
    return made;
  }

  private String certificatePem() {
    return tls == null ? null : tls.certificatePem();
  }

  /** The certificate clients verify this server by, or null when it serves plain HTTP. */
  public java.nio.file.Path certificateFile() {
    return tls == null ? null : tls.certificateFile();
  }

  /** Starts a server; a configuration field that is wrong is named before anything starts. */
  public static NearlineServer start(ServerConfig config) throws Exception {
    return start(config, java.time.Clock.systemUTC());
  }

  /**
   * Starts a server whose retention reads {@code clock}: tests move it months ahead instead of
   * waiting.
   */
  public static NearlineServer start(ServerConfig config, java.time.Clock clock)
      throws Exception {
    return new NearlineServer(Validation.valid(config), clock);
  }

  /** The console's one-time setup link while the admin has no password; null once set. */
  public String consoleSetupLink() {
    return console != null && console.setupPending() ? setupLink : null;
  }

  public int port() {
    return api.port();
  }

  /**
   * A client of this server on loopback with the first admin token, for what runs beside it in
   * the same process: the quickstart, benchmarks, tests.
   */
  public ApiClient localAdminClient() {
    return ApiClient.withTokenFile(localUrl(bindAddress), adminTokenFile, certificateFile());
  }

  /** Every route the HTTP server answers, as its router holds them. */
  public List<Endpoint> endpoints() {
    return api.endpoints();
  }

  public CollectionService collection() {
    return collection;
  }

  public PeerService peer() {
    return peer;
  }

  public Credentials credentials() {
    return credentials;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        log.warn("error while stopping: {}", e.toString());
      }
    }
  }
}
