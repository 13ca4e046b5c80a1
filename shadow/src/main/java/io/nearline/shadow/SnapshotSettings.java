package io.nearline.shadow;

import java.nio.file.Path;

/**
 * Where and how a snapshot runs on the near-line host.
 *
 * @param directory the snapshot's own folder; its data is already in {@code directory/data}
 * @param port its loopback port
 * @param osUser the unprivileged account it runs as when Nearline runs as root
 * @param spool where Nearline puts the log files it replays; see {@link Snapshot}
 */
public record SnapshotSettings(Path directory, int port, String osUser, Path spool) {
  /** In the spool: the names of every file that will come, one per line, written first. */
  public static final String EXPECTED = ".expected";
  /** In the spool: the reason no more files will come, when the feed failed. */
  public static final String FAILED = ".failed";
  /** In the spool while the snapshot waits for a file: {@code <name>.wanted}. */
  public static final String WANTED = ".wanted";
  /** Beside a spooled file once the snapshot has taken it: {@code <name>.taken}. */
  public static final String TAKEN = ".taken";
}
