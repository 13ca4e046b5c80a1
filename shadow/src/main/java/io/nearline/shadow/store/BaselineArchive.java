package io.nearline.shadow.store;

import io.nearline.common.process.Program;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A baseline kept in the store: the data folder as a zstd-compressed tar (owners and modes
 * kept), sealed in chunks when the store is encrypted, with its manifest beside it
 * uncompressed.
 */
public final class BaselineArchive {
  public static final String ARCHIVE = "base.tar.zst";
  public static final String MANIFEST = "backup_manifest";
  /** Beside the archive: the baseline unpacked, when it is published for snapshots. */
  public static final String PUBLISHED = "published";
  private static final Duration TIMEOUT = Duration.ofHours(6);

  private BaselineArchive() {}

  /** Writes {@code source} into {@code target}/; returns the archive's size in bytes. */
  public static long write(Path source, Path target, StoreCipher cipher) throws IOException {
    Files.createDirectories(target);
    Path temp = target.resolve(".tmp-" + ARCHIVE);
    Program tar = Program.of("tar", "--zstd", "-cf", "-", "-C", source.toString(), ".")
        .timeout(TIMEOUT);
    tar.streamOutput(in -> {
      try (OutputStream out = cipher.sealing(Files.newOutputStream(temp))) {
        in.transferTo(out);
      }
      return null;
    });
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(temp, target.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
    LogStore.fsyncDirectory(target);
    Files.copy(source.resolve(MANIFEST), target.resolve(MANIFEST),
        StandardCopyOption.REPLACE_EXISTING);
    return Files.size(target.resolve(ARCHIVE));
  }

  /** The archive kept in {@code kept}/ as a zstd-compressed tar, opened if it is sealed. */
  public static InputStream open(Path kept, StoreCipher cipher) throws IOException {
    return cipher.opening(Files.newInputStream(kept.resolve(ARCHIVE)));
  }

  /** Unpacks the archive kept in {@code kept}/ into {@code target}, owners and modes kept. */
  public static void unpack(Path kept, Path target, StoreCipher cipher) throws IOException {
    Files.createDirectories(target);
    try (InputStream archive = open(kept, cipher)) {
      Program.of("tar", "--zstd", "--same-owner", "-xpf", "-", "-C", target.toString())
          .input(archive).timeout(TIMEOUT).run();
    }
  }

  /**
   * Seals the archive anew under the cipher's active key, replacing it atomically; returns its
   * new size and checksum. For key rotation: a crash leaves the old or the new archive, both
   * readable.
   */
  public static Sha256.Sum reseal(Path kept, StoreCipher cipher) throws IOException {
    try (InputStream in = open(kept, cipher)) {
      return replace(in, kept, cipher);
    }
  }

  /**
   * Keeps an archive that arrived in clear (from the near-line peer's link), whose checksum
   * {@code clearSha256} the caller checked, in {@code kept}/, sealed if the store seals;
   * returns its size and checksum as kept.
   */
  public static Sha256.Sum keep(Path clear, String clearSha256, Path kept, StoreCipher cipher)
      throws IOException {
    Files.createDirectories(kept);
    if (!cipher.seals()) {
      Files.move(clear, kept.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      LogStore.fsyncDirectory(kept);
      return new Sha256.Sum(Files.size(kept.resolve(ARCHIVE)), clearSha256);
    }
    Sha256.Sum sealed;
    try (InputStream in = Files.newInputStream(clear)) {
      sealed = replace(in, kept, cipher);
    }
    Files.delete(clear);
    return sealed;
  }

  /**
   * Writes {@code in} sealed to a temporary file, flushed, then moved over the archive; the
   * checksum of what it wrote comes with it, so the archive need not be read again.
   */
  private static Sha256.Sum replace(InputStream in, Path kept, StoreCipher cipher)
      throws IOException {
    Path temp = kept.resolve(".tmp-seal-" + ARCHIVE);
    Sha256.Summing written = new Sha256.Summing(Files.newOutputStream(temp));
    try (OutputStream out = cipher.sealing(written)) {
      in.transferTo(out);
    }
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(temp, kept.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
    LogStore.fsyncDirectory(kept);
    return written.sum();
  }
}
