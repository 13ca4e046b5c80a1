package io.nearline.shadow.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class StoreCipherTest {
  private static final SecretKey K1 = key(1);
  private static final SecretKey K2 = key(2);

  @Test
  void shouldOpenWhatWasSealedUnderAnOlderKeyAfterARotation() throws IOException {
    byte[] plain = random(100_000);
    byte[] sealed = new StoreCipher(Map.of(1, K1), 1).seal(plain);
    assertFalse(Arrays.equals(plain, Arrays.copyOf(sealed, plain.length)));
    StoreCipher rotated = new StoreCipher(Map.of(1, K1, 2, K2), 2);
    assertArrayEquals(plain, rotated.open(sealed));
    assertArrayEquals(plain, rotated.open(rotated.seal(plain)));
    assertArrayEquals(plain, rotated.open(plain), "objects kept in clear stay readable");
  }

  @Test
  void shouldRefuseAnAlteredObjectAndOneUnderAKeyItDoesNotHold() throws IOException {
    byte[] sealed = new StoreCipher(Map.of(1, K1), 1).seal(random(1000));
    sealed[sealed.length / 2] ^= 1;
    assertThrows(CorruptStoredFileException.class,
        () -> new StoreCipher(Map.of(1, K1), 1).open(sealed));
    byte[] other = new StoreCipher(Map.of(2, K2), 2).seal(random(10));
    StoreKeyException e = assertThrows(StoreKeyException.class,
        () -> new StoreCipher(Map.of(1, K1), 1).open(other));
    assertTrue(e.getMessage().contains("data key 2"), e.getMessage());
    assertThrows(CorruptStoredFileException.class, () -> new StoreCipher(Map.of(1, K2), 1)
        .open(new StoreCipher(Map.of(1, K1), 1).seal(random(10))), "a wrong key of the number");
  }

  @Test
  void shouldStreamLargeObjectsInChunksAndNoticeTruncationAndReordering() throws IOException {
    StoreCipher cipher = new StoreCipher(Map.of(3, K1), 3);
    byte[] plain = random(3 * (1 << 20) + 12345);
    byte[] sealed = sealStream(cipher, plain);
    assertArrayEquals(plain, cipher.opening(new ByteArrayInputStream(sealed)).readAllBytes());
    byte[] cut = Arrays.copyOf(sealed, sealed.length - (1 << 20) - 100);
    assertThrows(CorruptStoredFileException.class,
        () -> cipher.opening(new ByteArrayInputStream(cut)).readAllBytes());
    byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
    assertThrows(CorruptStoredFileException.class,
        () -> cipher.opening(new ByteArrayInputStream(longer)).readAllBytes());
    byte[] flipped = sealed.clone();
    flipped[flipped.length - 50] ^= 1;
    assertThrows(CorruptStoredFileException.class,
        () -> cipher.opening(new ByteArrayInputStream(flipped)).readAllBytes());
    assertEquals(0, new ByteArrayInputStream(sealed).readNBytes(0).length);
  }

  @Test
  void shouldSkipWholeChunksUnopenedAndStillCheckWhatIsRead() throws IOException {
    StoreCipher cipher = new StoreCipher(Map.of(3, K1), 3);
    int mib = 1 << 20;
    byte[] plain = random(3 * mib + 12345);
    byte[] sealed = sealStream(cipher, plain);
    for (int offset : new int[] {0, 17, mib, 2 * mib + 5, 3 * mib + 12345}) {
      try (InputStream in = cipher.opening(new ByteArrayInputStream(sealed))) {
        in.skipNBytes(offset);
        assertArrayEquals(Arrays.copyOfRange(plain, offset, plain.length), in.readAllBytes(),
            "from " + offset);
      }
    }
    byte[] flipped = sealed.clone();
    flipped[flipped.length - 50] ^= 1; // in the last chunk, which a skip opens
    assertThrows(CorruptStoredFileException.class, () -> cipher.opening(
        new ByteArrayInputStream(flipped)).skipNBytes(3 * mib + 1));
  }

  private static byte[] sealStream(StoreCipher cipher, byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream s = cipher.sealing(out)) {
      s.write(plain, 0, 1000);
      s.write(plain, 1000, plain.length - 1000);
    }
    return out.toByteArray();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static SecretKey key(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return new SecretKeySpec(k, "AES");
  }
}
