package io.nearline.server.secret;

import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.Baselines.BaselineRow;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.CollectedFiles.FileRow;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.collect.CollectionService;
import io.nearline.shadow.store.BaselineArchive;
import io.nearline.shadow.store.LogStore;
import io.nearline.shadow.store.Sha256;
import io.nearline.shadow.store.StoreCipher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals every stored object anew under the active data key, in the background, one at a time:
 * each is replaced atomically, so a stop or a crash leaves every object readable and a new run
 * takes up only those still under an older key.
 */
public final class StoreRekey implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreRekey.class);

  /** Where a run stands. */
  public record Progress(String state, int toKey, long objects, long done, Instant startedAt,
      Instant endedAt, String error) {
    static final Progress NONE = new Progress("never run", 0, 0, 0, null, null, null);
  }

  private final CollectionService collection;
  private final LogStore store;
  private final CollectedFiles files;
  private final Baselines baselines;
  private final Jdbi jdbi;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "nearline-rekey");
    t.setDaemon(true);
    return t;
  });
  private volatile Progress progress = Progress.NONE;

  public StoreRekey(Catalog catalog, CollectionService collection, LogStore store) {
    this.collection = collection;
    this.store = store;
    this.files = new CollectedFiles(catalog);
    this.baselines = new Baselines(catalog);
    this.jdbi = catalog.jdbi();
  }

  public Progress progress() {
    return progress;
  }

  /** Starts a run unless one is running; returns where it stands. */
  public synchronized Progress start() {
    if (!"running".equals(progress.state())) {
      progress = new Progress("running", store.cipher().activeKey(), 0, 0, Instant.now(), null,
          null);
      worker.submit(this::run);
    }
    return progress;
  }

  private void run() {
    StoreCipher cipher = store.cipher();
    int key = cipher.activeKey();
    Instant began = progress.startedAt();
    long total = 0;
    long done = 0;
    try {
      for (ProtectedServerRow row : collection.servers()) {
        total += files.files(row.id()).size() + baselines.all(row.id()).size();
      }
      progress = new Progress("running", key, total, 0, began, null, null);
      for (ProtectedServerRow row : collection.servers()) {
        for (FileRow f : files.files(row.id())) {
          if (StoreCipher.keyOf(store.pathOf(row.name(), f.fileName())) != key) {
            long size = store.reseal(row.name(), f.fileName(), f.sha256());
            jdbi.useHandle(h -> h.createUpdate("UPDATE log_file SET stored_size = :s WHERE "
                + "id = :id").bind("s", size).bind("id", f.id()).execute());
          }
          progress = new Progress("running", key, total, ++done, began, null, null);
        }
        for (BaselineRow b : baselines.all(row.id())) {
          Path kept = Path.of(b.archivePath());
          if (StoreCipher.keyOf(kept.resolve(BaselineArchive.ARCHIVE)) != key) {
            Sha256.Sum sealed = BaselineArchive.reseal(kept, store.cipher());
            jdbi.useHandle(h -> h.createUpdate("UPDATE baseline SET archive_size = :s, "
                + "archive_sha256 = :sha WHERE id = :id").bind("s", sealed.size())
                .bind("sha", sealed.hex()).bind("id", b.id()).execute());
          }
          progress = new Progress("running", key, total, ++done, began, null, null);
        }
      }
      progress = new Progress("done", key, total, done, began, Instant.now(), null);
      log.info("every stored object is sealed under data key {} ({} objects)", key, total);
    } catch (Exception e) {
      log.warn("re-sealing the store stopped: {}", e.toString());
      progress = new Progress("failed", key, total, done, began, Instant.now(),
          e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
