package io.nearline.shadow.store;

import io.nearline.common.process.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * A baseline kept in the store: the data folder as a zstd-compressed tar (owners and modes
 * kept), with its manifest beside it uncompressed.
 */
public final class BaselineArchive {
  public static final String ARCHIVE = "base.tar.zst";
  public static final String MANIFEST = "backup_manifest";
  /** Beside the archive: the baseline unpacked, when it is published for snapshots. */
  public static final String PUBLISHED = "published";
  private static final Duration TIMEOUT = Duration.ofHours(6);

  private BaselineArchive() {}

  /** Writes {@code source} into {@code target}/; returns the archive's size in bytes. */
  public static long write(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    Path temp = target.resolve(".tmp-" + ARCHIVE);
    Program.of("tar", "--zstd", "-cf", temp.toString(), "-C", source.toString(), ".")
        .timeout(TIMEOUT).run();
    Program.of("sync", temp.toString()).timeout(TIMEOUT).run();
    Files.move(temp, target.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
    Files.copy(source.resolve(MANIFEST), target.resolve(MANIFEST),
        StandardCopyOption.REPLACE_EXISTING);
    return Files.size(target.resolve(ARCHIVE));
  }

  /** Unpacks the archive kept in {@code kept}/ into {@code target}, owners and modes kept. */
  public static void unpack(Path kept, Path target) throws IOException {
    Files.createDirectories(target);
    Program.of("tar", "--zstd", "--same-owner", "-xpf", kept.resolve(ARCHIVE).toString(), "-C",
        target.toString()).timeout(TIMEOUT).run();
  }
}
