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
