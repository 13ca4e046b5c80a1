package io.nearline.directory;

import io.nearline.testkit.InMemoryDirectory;
import io.nearline.testkit.TestDirectory;

class InMemoryDirectoryTest extends DirectoryContract {
  @Override
  TestDirectory startServer() {
    return InMemoryDirectory.start();
  }
}
