package io.nearline.shadow.postgres;

import io.nearline.shadow.InvalidLogFileException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A timeline history file ({@code 00000002.history}): one line per ancestor timeline with the LSN
 * where the next one branched off, a tab-separated reason, and optional {@code #} comments.
 */
record TimelineHistory(Timeline timeline, List<Entry> ancestors) {

  record Entry(Timeline parent, Lsn switchPoint) {}

  static TimelineHistory parse(String fileName, byte[] content) throws InvalidLogFileException {
    Timeline timeline = Timeline.parseHex(fileName.substring(0, 8));
    List<Entry> ancestors = new ArrayList<>();
    String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+", 3);
      try {
        Entry entry = new Entry(Timeline.valueOf(Long.parseLong(fields[0])), Lsn.parse(fields[1]));
        if (entry.parent().compareTo(timeline) >= 0) {
          throw new IllegalArgumentException("parent timeline not below " + timeline);
        }
        ancestors.add(entry);
      } catch (RuntimeException e) {
        throw new InvalidLogFileException(fileName, "line " + (i + 1) + " is not "
            + "'<parent timeline> <switch LSN> <reason>': " + e.getMessage());
      }
    }
    if (timeline.id() > 1 && ancestors.isEmpty()) {
      throw new InvalidLogFileException(fileName, "names no parent timeline");
    }
    return new TimelineHistory(timeline, List.copyOf(ancestors));
  }
}
