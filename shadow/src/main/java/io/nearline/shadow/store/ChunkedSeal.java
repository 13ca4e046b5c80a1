package io.nearline.shadow.store;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.SecretKey;

/**
 * A large object sealed in 1 MiB chunks, each AES-256-GCM on its own, so neither side holds
 * the whole object. Header: {@code NLS1}, the key number, an 8-byte nonce prefix. Each chunk:
 * a flag byte (1 on the last), its ciphertext length, the ciphertext and tag; its nonce is the
 * prefix and the chunk's number, and the header, number and flag are authenticated with it, so
 * reordered, dropped, truncated or appended chunks fail.
 */
final class ChunkedSeal {
  static final byte[] MAGIC = "NLS1".getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 1 << 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ChunkedSeal() {}

  private static byte[] nonce(byte[] prefix, int number) {
    return ByteBuffer.allocate(12).put(prefix).putInt(number).array();
  }

  private static byte[] aad(byte[] header, int number, boolean last) {
    return ByteBuffer.allocate(header.length + 5).put(header).putInt(number)
        .put((byte) (last ? 1 : 0)).array();
  }

  static final class Sealing extends OutputStream {
    private final OutputStream out;
    private final SecretKey key;
    private final byte[] header;
    private final byte[] prefix = new byte[8];
    private final byte[] buffer = new byte[CHUNK];
    private int filled;
    private int number;
    private boolean closed;

    Sealing(OutputStream out, int keyNumber, SecretKey key) throws IOException {
      this.out = out;
      this.key = key;
      RANDOM.nextBytes(prefix);
      this.header = ByteBuffer.allocate(16).put(MAGIC).putInt(keyNumber).put(prefix).array();
      out.write(header);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == CHUNK) {
          emit(false);
        }
        int n = Math.min(len, CHUNK - filled);
        System.arraycopy(b, off, buffer, filled, n);
        filled += n;
        off += n;
        len -= n;
      }
    }

    private void emit(boolean last) throws IOException {
      byte[] sealed = StoreCipher.crypt(javax.crypto.Cipher.ENCRYPT_MODE, key,
          nonce(prefix, number), aad(header, number, last),
          java.util.Arrays.copyOf(buffer, filled));
      out.write(last ? 1 : 0);
      out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
      out.write(sealed);
      number++;
      filled = 0;
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        emit(true);
        out.close();
      }
    }
  }

  static final class Opening extends InputStream {
    private final DataInputStream in;
    private final SecretKey key;
    private final byte[] header = new byte[16];
    private byte[] chunk = new byte[0];
    private int position;
    private int number;
    private boolean last;
    /** A chunk's flag and length, read ahead of it; -1 when none is pending. */
    private int pendingFlag = -1;
    private int pendingLength;

    Opening(InputStream in, SecretKey key) throws IOException {
      this.in = new DataInputStream(in);
      this.key = key;
      this.in.readFully(header);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (position == chunk.length) {
        if (last) {
          return -1;
        }
        next();
      }
      int n = Math.min(len, chunk.length - position);
      System.arraycopy(chunk, position, b, off, n);
      position += n;
      return n;
    }

    /**
     * Skips whole chunks without opening them (a resumed transfer starts far into a baseline);
     * what it then reads is authenticated as ever.
     */
    @Override
    public long skip(long n) throws IOException {
      long skipped = 0;
      while (skipped < n && !(last && position == chunk.length)) {
        if (position < chunk.length) {
          int k = (int) Math.min(n - skipped, chunk.length - position);
          position += k;
          skipped += k;
        } else if (n - skipped >= CHUNK && skipFullChunk()) {
          skipped += CHUNK;
        } else {
          next();
        }
      }
      return skipped;
    }

    private boolean skipFullChunk() throws IOException {
      readChunkHeader();
      if (pendingFlag == 1 || pendingLength != CHUNK + 16) {
        return false; // the last, or a short one: opened as it is read
      }
      try {
        in.skipNBytes(pendingLength);
      } catch (EOFException e) {
        throw cutShort();
      }
      pendingFlag = -1;
      number++;
      return true;
    }

    private void readChunkHeader() throws IOException {
      if (pendingFlag >= 0) {
        return;
      }
      try {
        pendingFlag = in.readUnsignedByte();
        pendingLength = in.readInt();
      } catch (EOFException e) {
        throw cutShort();
      }
      if (pendingLength < 16 || pendingLength > CHUNK + 16) {
        throw new CorruptStoredFileException("sealed archive chunk " + number + " claims "
            + pendingLength + " bytes");
      }
    }

    private CorruptStoredFileException cutShort() {
      return new CorruptStoredFileException("sealed archive ends before its last chunk "
          + "(cut short after chunk " + number + ")");
    }

    private void next() throws IOException {
      readChunkHeader();
      byte[] sealed = new byte[pendingLength];
      try {
        in.readFully(sealed);
      } catch (EOFException e) {
        throw cutShort();
      }
      last = pendingFlag == 1;
      pendingFlag = -1;
      chunk = StoreCipher.crypt(javax.crypto.Cipher.DECRYPT_MODE, key,
          nonce(java.util.Arrays.copyOfRange(header, 8, 16), number),
          aad(header, number, last), sealed);
      position = 0;
      number++;
      if (last && in.read() != -1) {
        throw new CorruptStoredFileException("sealed archive has bytes after its last chunk");
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
