package io.nearline.shadow.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex SHA-256, the checksum of every collected byte. */
public final class Sha256 {
  private Sha256() {}

  /** Of a file, read as a stream: a baseline archive may not fit in memory. */
  public static String hex(java.nio.file.Path file) throws java.io.IOException {
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      return of(in).hex();
    }
  }

  /** How many bytes a stream held, and their hex SHA-256. */
  public record Sum(long size, String hex) {}

  /** Reads {@code in} to its end. */
  public static Sum of(java.io.InputStream in) throws java.io.IOException {
    MessageDigest digest = digest();
    byte[] buffer = new byte[1 << 16];
    long size = 0;
    for (int n; (n = in.read(buffer)) > 0; size += n) {
      digest.update(buffer, 0, n);
    }
    return new Sum(size, HexFormat.of().formatHex(digest.digest()));
  }

  /** An output stream that counts and digests what passes through it to {@code out}. */
  public static final class Summing extends java.io.FilterOutputStream {
    private final MessageDigest digest = digest();
    private long size;

    public Summing(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws java.io.IOException {
      out.write(b);
      digest.update((byte) b);
      size++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      size += len;
    }

    /** What has passed so far. */
    public Sum sum() {
      try {
        return new Sum(size, HexFormat.of().formatHex(((MessageDigest) digest.clone())
            .digest()));
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("SHA-256 digests can be cloned", e);
      }
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String hex(byte[] content) {
    return HexFormat.of().formatHex(digest().digest(content));
  }
}
