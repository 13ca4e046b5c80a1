package io.nearline.server.surrogate;

import io.nearline.common.process.Program;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Deletes surrogate and baseline folders, whose files belong to the surrogate's account. */
final class Directories {
  private Directories() {}

  static void delete(Path dir) throws IOException {
    Program.of("rm", "-rf", dir.toString()).timeout(Duration.ofHours(1)).run();
  }
}
