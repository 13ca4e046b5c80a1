package io.nearline.shadow.postgres;

import io.nearline.shadow.ShadowException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a plain-format base backup says of itself: backup_label and backup_manifest. */
record BackupFiles(Lsn start, Timeline timeline, Lsn end, String label) {
  private static final Pattern START = Pattern.compile("^START WAL LOCATION: (\\S+)", Pattern.MULTILINE);
  private static final Pattern TIMELINE = Pattern.compile("^START TIMELINE: (\\d+)", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("^LABEL: (.*)$", Pattern.MULTILINE);
  private static final Pattern END = Pattern.compile("\"End-LSN\"\\s*:\\s*\"([0-9A-F]+/[0-9A-F]+)\"");

  static BackupFiles read(Path directory) throws ShadowException {
    try {
      String label = Files.readString(directory.resolve("backup_label"));
      String manifest = Files.readString(directory.resolve("backup_manifest"));
      return new BackupFiles(Lsn.parse(find(START, label, "backup_label")),
          Timeline.valueOf(Long.parseLong(find(TIMELINE, label, "backup_label"))),
          Lsn.parse(find(END, manifest, "backup_manifest")), find(LABEL, label, "backup_label"));
    } catch (IOException e) {
      throw new ShadowException("not a complete base backup in " + directory + ": " + e, e);
    }
  }

  private static String find(Pattern p, String text, String file) throws ShadowException {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new ShadowException(file + " lacks " + p.pattern());
    }
    return m.group(1).strip();
  }
}
