package io.nearline.recovery.postgres;

import static io.nearline.recovery.standby.StandbyHost.quote;

import io.nearline.recovery.standby.LocalHost;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A writable copy of the (stopped) surrogate's data directory on the near-line: an overlayfs
 * mount, so it is there in a moment whatever the size and the surrogate's files are never
 * written; where this process may not mount, a full copy. Layout under the run's folder:
 * {@code data} (what PostgreSQL runs on), {@code upper} and {@code work} (the overlay's).
 */
final class InstantCopy {
  private final Path dir;
  private final String osUser;

  InstantCopy(Path dir, String osUser) {
    this.dir = dir;
    this.osUser = osUser;
  }

  Path data() {
    return dir.resolve("data");
  }

  /** {@code overlay}, {@code copy}, or {@code none} yet. */
  String state() throws StandbyException {
    try (StandbyHost root = new LocalHost(null)) {
      return root.run("if mountpoint -q " + q(data()) + "; then echo overlay; elif [ -f "
          + q(dir.resolve("copied")) + " ]; then echo copy; else echo none; fi",
          Duration.ofSeconds(30)).strip();
    }
  }

  /** Lays the copy over {@code lower}; returns how. */
  String create(Path lower) throws StandbyException {
    try (StandbyHost root = new LocalHost(null)) {
      root.run("mkdir -p " + q(dir.resolve("upper")) + " " + q(dir.resolve("work")) + " "
          + q(data()) + " && chown " + quote(osUser) + " " + q(dir.resolve("upper")) + " "
          + q(dir.resolve("work")) + " " + q(data()) + " && chmod 700 " + q(dir.resolve("upper"))
          + " " + q(data()), Duration.ofMinutes(1));
      try {
        root.run("mount -t overlay nearline-instant -o lowerdir=" + q(lower) + ",upperdir="
            + q(dir.resolve("upper")) + ",workdir=" + q(dir.resolve("work")) + " "
            + q(data()), Duration.ofMinutes(1));
        return "overlay";
      } catch (StandbyException cannotMount) {
        // Not root, or no overlayfs: copy instead, slower but the same result.
        root.run("cp -a " + q(lower) + "/. " + q(data()) + " && touch "
            + q(dir.resolve("copied")), Duration.ofHours(6));
        return "copy (overlay refused: " + cannotMount.lastLine() + ")";
      }
    }
  }

  /** Unmounts and deletes the copy and its folder; harmless if already gone. */
  void remove() throws StandbyException {
    try (StandbyHost root = new LocalHost(null)) {
      root.run("if mountpoint -q " + q(data()) + "; then umount " + q(data()) + "; fi; rm -rf "
          + q(dir), Duration.ofMinutes(30));
    }
  }

  private static String q(Path p) {
    return quote(p.toString());
  }
}
