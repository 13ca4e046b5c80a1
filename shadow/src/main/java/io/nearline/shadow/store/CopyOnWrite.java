package io.nearline.shadow.store;

import io.nearline.common.process.Program;
import io.nearline.common.process.ProgramException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A writable copy of a data folder that is never written itself (a stopped surrogate, a
 * published baseline): an overlayfs mount, there in a moment whatever the size; where this
 * process may not mount (not root, no overlayfs), a full copy. Layout under its folder:
 * {@code data} (the copy), {@code upper} and {@code work} (the overlay's).
 */
public final class CopyOnWrite {
  private static final Duration MOUNT = Duration.ofMinutes(1);
  private static final Duration COPY = Duration.ofHours(6);

  private final Path dir;
  private final String osUser;

  /** @param osUser who owns the copy's folders, when this process is root */
  public CopyOnWrite(Path dir, String osUser) {
    this.dir = dir;
    this.osUser = osUser;
  }

  public Path data() {
    return dir.resolve("data");
  }

  /** {@code overlay}, {@code copy}, or {@code none} yet. */
  public String state() throws IOException {
    if (isMounted()) {
      return "overlay";
    }
    return Files.exists(dir.resolve("copied")) ? "copy" : "none";
  }

  /** Lays the copy over {@code lower}; returns how ("overlay", or "copy (why)"). */
  public String create(Path lower) throws IOException {
    Path upper = dir.resolve("upper");
    Path work = dir.resolve("work");
    for (Path p : new Path[] {upper, work, data()}) {
      Files.createDirectories(p);
      if (Program.isRoot() && osUser != null) {
        Program.of("chown", osUser, p.toString()).timeout(MOUNT).run();
      }
    }
    Program.of("chmod", "700", upper.toString(), data().toString()).timeout(MOUNT).run();
    try {
      Program.of("mount", "-t", "overlay", "nearline-instant", "-o", "lowerdir=" + lower
          + ",upperdir=" + upper + ",workdir=" + work, data().toString()).timeout(MOUNT).run();
      return "overlay";
    } catch (ProgramException cannotMount) {
      Program.of("cp", "-a", lower + "/.", data().toString()).timeout(COPY).run();
      Files.writeString(dir.resolve("copied"), "");
      return "copy (overlay refused: " + lastLine(cannotMount) + ")";
    }
  }

  /** Unmounts and deletes the copy and its folder; harmless if already gone. */
  public void remove() throws IOException {
    if (isMounted()) {
      Program.of("umount", data().toString()).timeout(MOUNT).run();
    }
    Program.of("rm", "-rf", dir.toString()).timeout(COPY).run();
  }

  private boolean isMounted() throws IOException {
    if (!Files.isDirectory(data())) {
      return false;
    }
    try {
      Program.of("mountpoint", "-q", data().toString()).timeout(MOUNT).run();
      return true;
    } catch (ProgramException notMounted) {
      if (notMounted.reason() != ProgramException.Reason.FAILED) {
        throw notMounted;
      }
      return false;
    }
  }

  private static String lastLine(Exception e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    return m.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(m).strip();
  }
}
