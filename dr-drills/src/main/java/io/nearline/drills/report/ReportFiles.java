package io.nearline.drills.report;

import io.nearline.common.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reports as files: written once, durably, under the data directory; and their SHA-256. */
public final class ReportFiles {
  private final Path dir;
  private final String prefix;

  public ReportFiles(Path dir) {
    this(dir, "drill-");
  }

  /** Reports named {@code prefix} and the run's id, in a folder per policy under {@code dir}. */
  public ReportFiles(Path dir, String prefix) {
    this.dir = dir;
    this.prefix = prefix;
  }

  /** Writes the report (temp, fsync, rename) and returns where, with the bytes' SHA-256. */
  public Written write(DrillReport report) throws IOException {
    byte[] json = Json.write(report).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path folder = dir.resolve(report.policy());
    Files.createDirectories(folder);
    Path file = folder.resolve(prefix + report.drill() + ".json");
    Path temp = folder.resolve(file.getFileName() + ".tmp");
    Files.write(temp, json);
    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new Written(file, sha256(json));
  }

  /** @param file where the report is; @param sha256 its bytes' SHA-256, in hex */
  public record Written(Path file, String sha256) {
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
