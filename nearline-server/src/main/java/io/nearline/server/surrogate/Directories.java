package io.nearline.server.surrogate;

import java.io.IOException;
import java.nio.file.Path;

/** Deletes surrogate and baseline folders, whose files belong to the surrogate's account. */
final class Directories {
  private Directories() {}

  static void delete(Path dir) throws IOException {
    try {
      Process p = new ProcessBuilder("rm", "-rf", dir.toString()).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IOException("cannot delete " + dir + " (rm exited " + p.exitValue() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted deleting " + dir);
    }
  }
}
