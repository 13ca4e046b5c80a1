package io.nearline.server.recovery;

import io.nearline.recovery.steps.RecoveryEnvironment;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.collect.NearlineException;
import io.nearline.server.collect.ServerStatus;
import io.nearline.server.surrogate.SurrogateService;
import io.nearline.shadow.postgres.ConnectionString;
import io.nearline.shadow.postgres.PgCommand;
import io.nearline.shadow.store.BaselineArchive;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What recovery steps see of this server: surrogates, collection and the primary watch. */
public final class ServerEnvironment implements RecoveryEnvironment {
  private final CollectionService collection;
  private final ProtectedServers servers;
  private final Baselines baselines;
  private final RecoveryTags tags;
  private final SurrogateService surrogates;
  private final String surrogateOsUser;
  private final PrimaryWatch watch = new PrimaryWatch();

  public ServerEnvironment(Catalog catalog, CollectionService collection,
      SurrogateService surrogates, String surrogateOsUser) {
    this.collection = collection;
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
  public Surrogate surrogate(String server) throws Exception {
    ProtectedServerRow row = servers.find(server).orElseThrow(() -> NearlineException.notFound(
        server));
    ServerStatus status = collection.status(server);
    if (status.surrogate() == null || status.replayedLsn() == null) {
      throw new IllegalStateException(server + " has no replaying surrogate to restore from"
          + " (surrogate state: " + status.surrogateState() + ")");
    }
    Map<String, String> k = ConnectionString.parse(status.surrogate()).keywords();
    String version = row.identity().version();
    int major = Integer.parseInt(PgCommand.majorVersion(version));
    return new Surrogate(Integer.parseInt(k.get("port")), k.get("user"), k.get("dbname"),
        PgCommand.binaries(version).toString(),
        surrogateOsUser, major, status.replayedLsn(), status.replayedAt());
  }

  @Override
  public List<StoredBaseline> baselines(String server) throws Exception {
    ProtectedServerRow row = servers.find(server).orElseThrow(() -> NearlineException.notFound(
        server));
    return baselines.all(row.id()).stream().map(b -> new StoredBaseline(
        Path.of(b.archivePath(), BaselineArchive.ARCHIVE), b.end(), b.verifiedAt())).toList();
  }

  @Override
  public String taggedPosition(String server, String tag) throws Exception {
    return tags.position(server, tag);
  }

  @Override
  public Path holdSurrogate(String server, String reason) throws Exception {
    return surrogates.hold(server, reason);
  }

  @Override
  public void releaseSurrogate(String server) throws Exception {
    surrogates.release(server);
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
  public void pauseCollection(String server, boolean pause) throws Exception {
    if (pause) {
      collection.pause(server);
    } else {
      collection.resume(server);
    }
  }
}
