package io.nearline.shadow.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free space on a folder's file system. The JDK finds a file system by matching the folder
 * against /proc/mounts; in a chroot and in some containers no line matches and it fails with a
 * bare "Mount point not found". The space is then read with statvfs on the folder itself, which
 * needs no mount table, and the operator is told once why.
 */
final class FreeSpace {
  private static final Logger log = LoggerFactory.getLogger(FreeSpace.class);

  /** How the JDK's way finds a folder's file system; replaced in tests. */
  @FunctionalInterface
  interface Lookup {
    FileStore of(Path dir) throws IOException;
  }

  private final Lookup lookup;
  private final AtomicBoolean warned = new AtomicBoolean();

  FreeSpace() {
    this(Files::getFileStore);
  }

  FreeSpace(Lookup lookup) {
    this.lookup = lookup;
  }

  /** Bytes this process may still write on {@code dir}'s file system. */
  long usable(Path dir) throws IOException {
    try {
      return lookup.of(dir).getUsableSpace();
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("Mount point not found")) {
        throw e;
      }
      if (warned.compareAndSet(false, true)) {
        log.atWarn().addKeyValue("dir", dir).log("the file system of {} is not in /proc/mounts "
            + "(as in a chroot or some containers), so the JDK cannot say how much space is "
            + "free; reading it with statvfs on the folder instead", dir);
      }
      // File answers 0 for everything when statvfs fails; a full disk has a size. When the size
      // cannot be told either, the file system's own refusal is the only guard left, and a
      // full disk still stops collection as 'store full'.
      return dir.toFile().getTotalSpace() > 0 ? dir.toFile().getUsableSpace() : Long.MAX_VALUE;
    }
  }
}
