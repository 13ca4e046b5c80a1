package io.nearline.server.surrogate;

import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Baselines.Origin;
import io.nearline.shadow.Baseline;
import io.nearline.shadow.store.BaselineArchive;
import io.nearline.shadow.store.LogStore;
import io.nearline.shadow.store.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Keeps a verified baseline in the store: its archive (with a checksum for the verifier) and
 * its catalog row, and, when published, the unpacked copy too, for snapshots to lay theirs over.
 */
final class BaselineKeeper {
  private BaselineKeeper() {}

  static Baselines.BaselineRow keep(SurrogateService.Context ctx, int serverId, String server,
      Baseline baseline, Origin origin, Instant endedAt, boolean publish) throws IOException {
    Path kept = ctx.storeDir().resolve(server).resolve("baselines")
        .resolve(Long.toString(System.currentTimeMillis()));
    long size = BaselineArchive.write(baseline.directory(), kept, ctx.cipher().get());
    String published = null;
    if (publish) {
      Path target = kept.resolve(BaselineArchive.PUBLISHED);
      Files.move(baseline.directory(), target, StandardCopyOption.ATOMIC_MOVE);
      LogStore.fsyncDirectory(kept);
      published = target.toString();
    }
    Baselines.BaselineRow row = new Baselines.BaselineRow(0, baseline.label(),
        baseline.start().text(), baseline.end().text(), baseline.lineage(), kept.toString(),
        size, Instant.now(), endedAt, baseline.nextTransaction(), origin,
        Sha256.hex(kept.resolve(BaselineArchive.ARCHIVE)), published);
    return ctx.baselines().find(ctx.baselines().insert(serverId, row)).orElseThrow();
  }
}
