package io.nearline.server.recovery;

import io.nearline.common.secret.Secret;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.server.auth.Credentials;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.surrogate.SurrogateService;
import io.nearline.services.NearlineException;
import io.nearline.services.ServerStatus;
import io.nearline.services.SurrogateState;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.Position;
import io.nearline.shadow.store.BaselineArchive;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What recovery steps see of this server: surrogates, collection and the primary watch. */
public final class ServerEnvironment implements RecoveryEnvironment {
  private final CollectionService collection;
  private final ProtectedServers servers;
  private final Baselines baselines;
  private final RecoveryTags tags;
  private final SurrogateService surrogates;
  private final String surrogateOsUser;
  private static final java.time.Duration FIRST_LOOK = java.time.Duration.ofSeconds(60);
  private final PrimaryWatch watch = new PrimaryWatch();
  private final Credentials credentials;
  private final String serverCertificate;

  /** @param serverCertificate the PEM certificate the API serves TLS with; null for HTTP */
  public ServerEnvironment(Catalog catalog, CollectionService collection,
      SurrogateService surrogates, String surrogateOsUser, Credentials credentials,
      String serverCertificate) {
    this.serverCertificate = serverCertificate;
    this.collection = collection;
    this.credentials = credentials;
    this.surrogates = surrogates;
    this.servers = new ProtectedServers(catalog);
    this.baselines = new Baselines(catalog);
    this.tags = new RecoveryTags(catalog);
    this.surrogateOsUser = surrogateOsUser;
  }

  RecoveryTags tags() {
    return tags;
  }

  PrimaryWatch watch() {
    return watch;
  }

  @Override
  public Secret logReader(String server, long run) {
    row(server);
    return credentials.issueLogReader("run " + run + " standby of " + server, server, run);
  }

  @Override
  public String serverCertificate() {
    return serverCertificate;
  }

  /** Revokes what the run was given to read with. */
  void runEnded(long run) {
    credentials.revokeRun(run);
  }

  @Override
  public String applicationKind(String server) {
    return row(server).kind();
  }

  @Override
  public String primaryConnection(String server) {
    return row(server).primaryConnection();
  }

  @Override
  public SurrogateAccess surrogate(String server) throws InterruptedException {
    ProtectedServerRow row = row(server);
    ServerStatus status = collection.status(server);
    // Just after Nearline starts (a run resumed after a crash), the surrogate's supervisor may
    // not have looked at it yet: wait for that look, not for a surrogate still to be seeded.
    long deadline = System.nanoTime() + FIRST_LOOK.toNanos();
    while (status.replayed() == null && System.nanoTime() < deadline
        && (status.surrogateState() == SurrogateState.NONE
            || status.surrogateState() == SurrogateState.STARTING)) {
      Thread.sleep(200);
      status = collection.status(server);
    }
    // Held stopped (by a drill or the instant option, maybe before a restart): steps that clean
    // up after those still need to know where it lives, not where it replayed to.
    boolean held = surrogates.isHeld(server);
    if (!(held && status.surrogate() != null)
        && (status.surrogate() == null || status.replayed() == null)) {
      throw new IllegalStateException(server + " has no replaying surrogate to restore from"
          + " (surrogate state: " + status.surrogateState().label() + ")");
    }
    return new SurrogateAccess(status.surrogate(), row.identity(), surrogateOsUser,
        status.replayed(), status.replayedAt(), held);
  }

  /**
   * Waits (a minute at most) until a surrogate a drill held has been started again, so that a
   * failover that pre-empted the drill copies from a running one.
   */
  void awaitReleased(String server) throws InterruptedException {
    long deadline = System.nanoTime() + FIRST_LOOK.toNanos();
    while (System.nanoTime() < deadline) {
      SurrogateState state = collection.status(server).surrogateState();
      if (state != SurrogateState.HELD && state != SurrogateState.STARTING) {
        return;
      }
      Thread.sleep(200);
    }
  }

  @Override
  public List<StoredBaseline> baselines(String server) {
    ProtectedServerRow row = row(server);
    ApplicationConnector connector = Connectors.forKind(row.kind());
    return baselines.all(row.id()).stream().map(b -> new StoredBaseline(
        Path.of(b.archivePath(), BaselineArchive.ARCHIVE), connector.parsePosition(b.end()),
        b.endBound())).toList();
  }

  @Override
  public java.io.InputStream openBaseline(StoredBaseline baseline) throws java.io.IOException {
    return BaselineArchive.open(baseline.archive().getParent(), collection.cipher());
  }

  @Override
  public Position taggedPosition(String server, String tag) {
    return tags.position(server, tag);
  }

  @Override
  public Path holdSurrogate(String server, String reason) throws Exception {
    return surrogates.hold(server, reason);
  }

  @Override
  public void releaseSurrogate(String server, String holder) throws Exception {
    surrogates.release(server, holder);
  }

  @Override
  public void rebaseline(String server, String reason) throws Exception {
    surrogates.rebaseline(server, reason);
  }

  @Override
  public Path instantDirectory(String server, long run) {
    return surrogates.instantDirectory(server, run);
  }

  @Override
  public Optional<PrimaryActivity> primaryActivity(String server) {
    return watch.activity(server);
  }

  @Override
  public void pauseCollection(String server, boolean pause) {
    if (pause) {
      collection.pause(server);
    } else {
      collection.resume(server);
    }
  }

  private ProtectedServerRow row(String server) {
    return servers.find(server).orElseThrow(() -> NearlineException.notFound(server));
  }
}
