package io.nearline.shadow.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStoreTest {
  @TempDir Path root;

  private static byte[] walLike() {
    byte[] b = new byte[1 << 20];
    new Random(7).nextBytes(b);
    java.util.Arrays.fill(b, 4096, b.length, (byte) 0); // mostly zero, like a quiet segment
    return b;
  }

  @Test
  void shouldStoreCompressedAndReadBackVerified() throws Exception {
    LogStore store = new LogStore(root, 0);
    byte[] content = walLike();
    StoredLogFile stored = store.put("db1", "000000010000000000000001", content);
    assertEquals(content.length, stored.size());
    assertTrue(stored.storedSize() < content.length / 10, "compressed: " + stored.storedSize());
    assertEquals(Sha256.hex(content), stored.sha256());
    assertArrayEquals(content, store.read("db1", "000000010000000000000001", stored.sha256()));
  }

  @Test
  void shouldDetectABitFlipInAStoredFile() throws Exception {
    LogStore store = new LogStore(root, 0);
    byte[] content = walLike();
    StoredLogFile stored = store.put("db1", "000000010000000000000001", content);
    content[10] ^= 1;
    store.put("db1", "000000010000000000000001", content);
    assertThrows(CorruptStoredFileException.class,
        () -> store.read("db1", "000000010000000000000001", stored.sha256()));
  }

  @Test
  void shouldKeepProtectingFreeSpaceWhereTheMountTableDoesNotShowTheStore() throws Exception {
    FreeSpace chroot = new FreeSpace(dir -> {
      throw new java.io.IOException("Mount point not found");
    });
    LogStore roomy = new LogStore(root, 0, chroot);
    roomy.put("db1", "000000010000000000000001", walLike());
    LogStore reserved = new LogStore(root, Long.MAX_VALUE / 2, chroot);
    assertThrows(StoreFullException.class,
        () -> reserved.put("db1", "000000010000000000000002", walLike()),
        "the free space is still read (with statvfs) and the reserve still kept");
  }

  @Test
  void shouldRefuseToEatIntoTheReserve() {
    LogStore store = new LogStore(root, Long.MAX_VALUE / 2);
    StoreFullException e = assertThrows(StoreFullException.class,
        () -> store.put("db1", "000000010000000000000001", walLike()));
    assertTrue(e.getMessage().contains("log store is full"), e.getMessage());
    assertTrue(!store.contains("db1", "000000010000000000000001"));
  }

  @Test
  void shouldRemoveLeftoverTemporaryFiles() throws Exception {
    LogStore store = new LogStore(root, 0);
    store.put("db1", "000000010000000000000001", walLike());
    Files.write(root.resolve("db1/.tmp-000000010000000000000002.zst"), new byte[10]);
    assertEquals(1, store.removeTemporaryFiles());
    assertTrue(store.contains("db1", "000000010000000000000001"));
  }

  @Test
  void shouldRejectNamesThatEscapeTheStore() {
    LogStore store = new LogStore(root, 0);
    assertThrows(IllegalArgumentException.class, () -> store.put("db1", "../evil", new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> store.put("..", "x", new byte[1]));
  }
}
