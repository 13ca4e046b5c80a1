package io.nearline.server.pit;

import io.nearline.common.process.Program;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.shadow.store.BaselineArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps baselines unpacked ("published") for snapshots to lay copy-on-write copies over: a
 * snapshot of an unpublished baseline publishes it first, once; only the newest few of each
 * server, and those in use, stay published.
 */
final class BaselinePublisher {
  private final Baselines baselines;
  private final int keep;
  private final Map<Long, Object> locks = new ConcurrentHashMap<>();

  private final java.util.function.Supplier<io.nearline.shadow.store.StoreCipher> cipher;

  BaselinePublisher(Baselines baselines, int keep,
      java.util.function.Supplier<io.nearline.shadow.store.StoreCipher> cipher) {
    this.baselines = baselines;
    this.keep = keep;
    this.cipher = cipher;
  }

  /** The baseline's unpacked folder, unpacking it first if it is not published. */
  Path publish(BaselineRow b) throws IOException {
    synchronized (locks.computeIfAbsent(b.id(), k -> new Object())) {
      Path kept = Path.of(b.archivePath());
      Path published = kept.resolve(BaselineArchive.PUBLISHED);
      if (Files.isDirectory(published)) {
        return published;
      }
      Path temp = kept.resolve(".tmp-" + BaselineArchive.PUBLISHED);
      remove(temp);
      BaselineArchive.unpack(kept, temp, cipher.get());
      Files.move(temp, published, StandardCopyOption.ATOMIC_MOVE);
      baselines.setPublished(b.id(), published.toString());
      return published;
    }
  }

  /**
   * Unpublishes all but the newest {@code keep} baselines of a server, sparing those live
   * snapshots stand on; returns how many it unpublished.
   */
  int trim(int serverId, Collection<Long> inUse) throws IOException {
    List<BaselineRow> published = baselines.all(serverId).stream()
        .filter(b -> b.publishedPath() != null).toList();
    int removed = 0;
    for (BaselineRow b : published.subList(Math.min(keep, published.size()), published.size())) {
      if (!inUse.contains(b.id())) {
        synchronized (locks.computeIfAbsent(b.id(), k -> new Object())) {
          baselines.setPublished(b.id(), null);
          remove(Path.of(b.publishedPath()));
          removed++;
        }
      }
    }
    return removed;
  }

  /** Unpacked files belong to the surrogate's account: removed with rm as root. */
  private static void remove(Path dir) throws IOException {
    if (Files.exists(dir)) {
      Program.of("rm", "-rf", dir.toString()).timeout(Duration.ofHours(1)).run();
    }
  }
}
