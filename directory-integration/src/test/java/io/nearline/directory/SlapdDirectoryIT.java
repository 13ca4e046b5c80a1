package io.nearline.directory;

import io.nearline.testkit.Slapd;
import io.nearline.testkit.TestDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SlapdDirectoryIT extends DirectoryContract {
  @TempDir
  Path dir;

  @Override
  TestDirectory startServer() {
    return Slapd.start(dir);
  }
}
