package io.nearline.shadow.postgres;

import io.nearline.shadow.InvalidLogFileException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup history file ({@code 000000010000000000000002.00000028.backup}), written by the
 * archiver when a base backup ends: the WAL range that backup needs.
 */
record BackupHistory(Lsn start, Lsn stop) {
  private static final Pattern START = Pattern.compile("^START WAL LOCATION: (\\S+)", Pattern.MULTILINE);
  private static final Pattern STOP = Pattern.compile("^STOP WAL LOCATION: (\\S+)", Pattern.MULTILINE);

  static BackupHistory parse(String fileName, byte[] content) throws InvalidLogFileException {
    String text = new String(content, StandardCharsets.UTF_8);
    return new BackupHistory(field(fileName, text, START), field(fileName, text, STOP));
  }

  private static Lsn field(String fileName, String text, Pattern pattern)
      throws InvalidLogFileException {
    Matcher m = pattern.matcher(text);
    try {
      if (m.find()) {
        return Lsn.parse(m.group(1));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidLogFileException(fileName, e.getMessage());
    }
    throw new InvalidLogFileException(fileName, "no '" + pattern.pattern().substring(1,
        pattern.pattern().indexOf(':') + 1) + "' line: not a backup history file");
  }
}
