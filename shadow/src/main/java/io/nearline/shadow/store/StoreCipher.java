package io.nearline.shadow.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encryption at rest for the store: AES-256-GCM under numbered data keys. New objects are
 * sealed under the active key (none: written in clear); any object is opened under the key
 * its header names, so objects sealed under older keys stay readable after a rotation.
 *
 * <p>A log file is sealed whole: {@code NLE1}, the key number (4 bytes), a 12-byte nonce, then
 * the ciphertext and its tag; the header is authenticated too. A baseline archive, too large
 * for one piece, is sealed in chunks ({@link ChunkedSeal}).
 */
public final class StoreCipher {
  /** No keys: objects are written in clear, and sealed ones cannot be read. */
  public static final StoreCipher NONE = new StoreCipher(Map.of(), 0);

  static final byte[] WHOLE = "NLE1".getBytes(StandardCharsets.US_ASCII);
  static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<Integer, SecretKey> keys;
  private final int active;

  /**
   * @param keys the data keys by number
   * @param active the key new objects are sealed under; 0 for none
   */
  public StoreCipher(Map<Integer, SecretKey> keys, int active) {
    this.keys = Map.copyOf(keys);
    this.active = active;
  }

  public boolean seals() {
    return active != 0;
  }

  public int activeKey() {
    return active;
  }

  /** Seals a whole object under the active key; returns it unchanged when none is active. */
  public byte[] seal(byte[] plain) throws IOException {
    if (active == 0) {
      return plain;
    }
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    ByteBuffer header = ByteBuffer.allocate(WHOLE.length + 4 + nonce.length).put(WHOLE)
        .putInt(active).put(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key(active), nonce, header.array(), plain);
    return ByteBuffer.allocate(header.capacity() + sealed.length).put(header.array())
        .put(sealed).array();
  }

  /**
   * Opens an object sealed by {@link #seal}; anything else is returned as it is (written in
   * clear, before encryption was turned on).
   *
   * @throws CorruptStoredFileException if it fails its authentication tag
   * @throws StoreKeyException if it is sealed under a key this store does not hold
   */
  public byte[] open(byte[] stored) throws IOException {
    if (!startsWith(stored, WHOLE)) {
      return stored;
    }
    ByteBuffer b = ByteBuffer.wrap(stored);
    b.position(WHOLE.length);
    int keyNumber = b.getInt();
    byte[] nonce = new byte[12];
    b.get(nonce);
    byte[] header = Arrays.copyOf(stored, b.position());
    try {
      return crypt(Cipher.DECRYPT_MODE, key(keyNumber), nonce, header,
          Arrays.copyOfRange(stored, b.position(), stored.length));
    } catch (CorruptStoredFileException e) {
      throw new CorruptStoredFileException("fails its authentication under data key "
          + keyNumber + ": damaged or altered");
    }
  }

  /** The data key a stored object is sealed under, 0 if it is in clear. */
  public static int keyOf(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(8);
      if (startsWith(head, WHOLE) || startsWith(head, ChunkedSeal.MAGIC)) {
        return ByteBuffer.wrap(head, 4, 4).getInt();
      }
      return 0;
    }
  }

  /** A stream sealing what is written to {@code out}, in chunks; {@code out} unchanged if none. */
  public OutputStream sealing(OutputStream out) throws IOException {
    return active == 0 ? out : new ChunkedSeal.Sealing(out, active, key(active));
  }

  /** The clear bytes of a stream {@link #sealing} wrote, or the stream as it is if in clear. */
  public InputStream opening(InputStream in) throws IOException {
    InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in);
    buffered.mark(8);
    byte[] head = buffered.readNBytes(8);
    buffered.reset();
    if (!startsWith(head, ChunkedSeal.MAGIC)) {
      return buffered;
    }
    int keyNumber = ByteBuffer.wrap(head, 4, 4).getInt();
    return new ChunkedSeal.Opening(buffered, key(keyNumber));
  }

  SecretKey key(int number) throws StoreKeyException {
    SecretKey k = keys.get(number);
    if (k == null) {
      throw new StoreKeyException("sealed under data key " + number + ", which this server "
          + "does not hold: start it with the master key that wraps the store's data keys");
    }
    return k;
  }

  static byte[] crypt(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] data)
      throws CorruptStoredFileException {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad);
      return c.doFinal(data);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new CorruptStoredFileException("fails its authentication tag");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available: " + e, e);
    }
  }

  static boolean startsWith(byte[] b, byte[] prefix) {
    return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0,
        prefix.length);
  }
}
