package io.nearline.shadow.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

/**
 * A baseline kept in the store: the data folder as a zstd-compressed tar (owners and modes
 * kept), with its manifest beside it uncompressed.
 */
public final class BaselineArchive {
  public static final String ARCHIVE = "base.tar.zst";
  public static final String MANIFEST = "backup_manifest";

  private BaselineArchive() {}

  /** Writes {@code source} into {@code target}/; returns the archive's size in bytes. */
  public static long write(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    Path temp = target.resolve(".tmp-" + ARCHIVE);
    run("tar", "--zstd", "-cf", temp.toString(), "-C", source.toString(), ".");
    run("sync", temp.toString());
    Files.move(temp, target.resolve(ARCHIVE), StandardCopyOption.ATOMIC_MOVE);
    Files.copy(source.resolve(MANIFEST), target.resolve(MANIFEST),
        StandardCopyOption.REPLACE_EXISTING);
    return Files.size(target.resolve(ARCHIVE));
  }

  private static void run(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(6, TimeUnit.HOURS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted: " + String.join(" ", command));
    }
  }
}
