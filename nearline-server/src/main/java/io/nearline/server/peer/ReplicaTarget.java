package io.nearline.server.peer;

import io.nearline.common.json.Json;
import io.nearline.recovery.PolicyCatalog;
import io.nearline.recovery.PolicyFile;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.catalog.Tags;
import io.nearline.server.collect.CollectionService;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.store.BaselineArchive;
import io.nearline.shadow.store.LogStore;
import io.nearline.shadow.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/** Where a peer puts what the active near-line sends: its own catalog and log store. */
final class ReplicaTarget {
  private final CollectionService collection;
  private final ProtectedServers servers;
  private final Baselines baselines;
  private final PolicyCatalog policies;
  private final Tags tags;
  private final Path storeDir;
  private final java.util.function.Supplier<String> ownUrl;

  /**
   * @param ownUrl this near-line's API, where standbys of replicated pairs fetch collected log
   *     once it is promoted
   */
  ReplicaTarget(Catalog catalog, CollectionService collection, Path storeDir,
      java.util.function.Supplier<String> ownUrl) {
    this.ownUrl = ownUrl;
    this.collection = collection;
    this.servers = new ProtectedServers(catalog);
    this.baselines = new Baselines(catalog);
    this.policies = new PolicyCatalog(catalog.jdbi());
    this.tags = new Tags(catalog);
    this.storeDir = storeDir;
  }

  /** Takes in the active's servers, pairs, policies and tags; nothing here is removed. */
  void apply(Messages.Config config) {
    for (Messages.Server s : config.servers()) {
      collection.adopt(s.access(), new ServerIdentity(s.systemIdentifier(), s.segmentSize(),
          s.appVersion()), s.surrogateWanted());
    }
    PolicyFile file = PolicyFile.parse(config.policyFile());
    for (RecoveryPair pair : file.pairs()) {
      // A standby fetches collected log from whichever near-line runs its recovery: this one.
      String url = ownUrl.get();
      RecoveryPair here = new RecoveryPair(pair.name(), pair.primary(),
          pair.standby().withNearlineUrl(url),
          pair.primaryHost() == null ? null : pair.primaryHost().withNearlineUrl(url));
      policies.savePair(here, "{\"replicated\":\"checked on the active near-line\"}");
    }
    for (RecoveryPolicy policy : file.policies()) {
      policies.savePolicy(policy);
    }
    for (Messages.Tag t : config.tags()) {
      servers.find(t.server()).ifPresent(row -> {
        if (tags.find(row.id(), t.tag()).isEmpty()) {
          tags.add(row.id(), new Tags.TagRow(t.tag(), t.position(), Instant.now()));
        }
      });
    }
  }

  /** The active's configuration as it sends it. */
  static Messages.Config config(ProtectedServers servers, io.nearline.server.secret.SecretBox secrets,
      PolicyCatalog policies, Tags tags) {
    List<Messages.Server> all = servers.all().stream().map(r -> new Messages.Server(
        new io.nearline.services.ProtectRequest(r.name(), r.kind(), r.shareUrl(), r.shareUser(),
            new String(secrets.open(r.sealedPassword())), r.primaryConnection(),
            r.surrogateWanted()), r.identity().systemIdentifier(), r.identity().segmentSize(),
        r.identity().version(), r.surrogateWanted())).toList();
    List<Messages.Tag> allTags = servers.all().stream().flatMap(r -> tags.all(r.id()).stream()
        .map(t -> new Messages.Tag(r.name(), t.tag(), t.position()))).toList();
    return new Messages.Config(all, Json.write(policies.export()), allTags);
  }

  boolean knows(String server) {
    return collection.isProtected(server);
  }

  /** The names of the offered objects that are not held here with the same content. */
  List<String> missing(List<Messages.Offer> offers) {
    return offers.stream().filter(o -> !holds(o)).map(Messages.Offer::name).toList();
  }

  boolean holds(Messages.Offer o) {
    if (o.kind() == Messages.Kind.BASELINE) {
      return servers.find(o.server()).map(row -> baselines.all(row.id()).stream()
          .anyMatch(b -> b.label().equals(o.baseline().label())
              && b.start().equals(o.baseline().start())
              && Files.exists(Path.of(b.archivePath(), BaselineArchive.ARCHIVE))))
          .orElse(false);
    }
    return collection.isProtected(o.server()) && collection.holds(o.server(), o.name(), o.sha256());
  }

  /**
   * Decodes, checks and commits a log file from its wire bytes.
   *
   * @throws io.nearline.shadow.InvalidLogFileException if it is damaged
   */
  void commitLogFile(Messages.Offer o, Path wire) throws Exception {
    ProtectedServerRow row = servers.find(o.server()).orElseThrow(() -> new IOException(
        "a log file arrived for " + o.server() + ", which this near-line does not know"));
    byte[] content = LinkCodec.decode(Connectors.forKind(row.kind()).logFormat(row.identity()),
        o.name(), o.encoding(), Files.readAllBytes(wire), o.size());
    collection.receive(o.server(), o.name(), content, o.sha256(), o.previousSegment());
  }

  /** Checks a baseline archive against its checksum, keeps it in the store and records it. */
  void commitBaseline(Messages.Offer o, Path wire) throws Exception {
    // Sent in clear, its bytes on the link are the archive: checked already if the two match.
    String actual = o.wireSha256().equals(o.sha256()) ? o.wireSha256() : Sha256.hex(wire);
    if (!actual.equals(o.sha256())) {
      throw new io.nearline.shadow.InvalidLogFileException(o.name(), "baseline archive arrived "
          + "with SHA-256 " + actual + ", sent as " + o.sha256());
    }
    ProtectedServerRow row = servers.find(o.server()).orElseThrow(() -> new IOException(
        "a baseline arrived for " + o.server() + ", which this near-line does not know"));
    Path kept = storeDir.resolve(row.name()).resolve("baselines").resolve(o.name());
    Sha256.Sum stored = BaselineArchive.keep(wire, o.sha256(), kept, collection.cipher());
    LogStore.fsyncDirectory(kept.getParent());
    Messages.BaselineFields f = o.baseline();
    baselines.insert(row.id(), new Baselines.BaselineRow(0, f.label(), f.start(), f.end(),
        f.lineage(), kept.toString(), stored.size(), Instant.now(), f.endedAt(), f.nextXid(),
        Baselines.Origin.valueOf(f.takenFrom()), stored.hex(), null));
  }
}
