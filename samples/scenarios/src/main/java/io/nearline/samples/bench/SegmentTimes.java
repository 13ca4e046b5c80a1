package io.nearline.samples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a surrogate's RPO goes, segment by segment: when the primary archived it (the archive
 * file's time), when Nearline had collected it (its collected position, sampled), and when the
 * surrogate restored it (its own log).
 */
final class SegmentTimes {
  private static final Pattern RESTORED = Pattern.compile(
      "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) UTC .*restored log file \"([0-9A-F]{24})\"");
  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private record Sample(Instant at, String lastCollected) {}

  private final List<Sample> samples = new CopyOnWriteArrayList<>();

  /** Notes the collected position now; the finer the sampling, the finer the figures. */
  void collectedUpTo(String lastSegment) {
    samples.add(new Sample(Instant.now(), lastSegment));
  }

  /** The figures for the segments archived between {@code from} and {@code to}. */
  Report report(Path archive, Path surrogateLog, Instant from, Instant to) throws IOException {
    Map<String, Instant> archived = new TreeMap<>();
    try (var files = Files.list(archive)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        Instant at = Files.getLastModifiedTime(p).toInstant();
        if (name.matches("[0-9A-F]{24}") && !at.isBefore(from) && !at.isAfter(to)) {
          archived.put(name, at);
        }
      }
    }
    Map<String, Instant> restored = restored(surrogateLog);
    List<Double> fill = new ArrayList<>();
    List<Double> toCollected = new ArrayList<>();
    List<Double> toRestored = new ArrayList<>();
    Instant previous = null;
    for (Map.Entry<String, Instant> segment : archived.entrySet()) {
      if (previous != null) {
        fill.add(seconds(previous, segment.getValue()));
      }
      previous = segment.getValue();
      Instant collected = collected(segment.getKey());
      if (collected != null) {
        toCollected.add(seconds(segment.getValue(), collected));
        Instant replay = restored.get(segment.getKey());
        if (replay != null) {
          toRestored.add(Math.max(0, seconds(collected, replay)));
        }
      }
    }
    return new Report(archived.size(), sorted(fill), sorted(toCollected), sorted(toRestored));
  }

  /**
   * @param fill seconds between successive segments being archived
   * @param toCollected seconds from archived to collected
   * @param toRestored seconds from collected to restored by the surrogate
   */
  record Report(int segments, List<Double> fill, List<Double> toCollected,
      List<Double> toRestored) {}

  /** The first sample that shows {@code segment} collected (names sort in log order). */
  private Instant collected(String segment) {
    for (Sample s : samples) {
      if (s.lastCollected() != null && s.lastCollected().compareTo(segment) >= 0) {
        return s.at();
      }
    }
    return null;
  }

  private static Map<String, Instant> restored(Path log) throws IOException {
    Map<String, Instant> restored = new TreeMap<>();
    for (String line : Files.readAllLines(log)) {
      Matcher m = RESTORED.matcher(line);
      if (m.find()) {
        restored.putIfAbsent(m.group(2),
            LocalDateTime.parse(m.group(1), LOG_TIME).toInstant(ZoneOffset.UTC));
      }
    }
    return restored;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static List<Double> sorted(List<Double> values) {
    values.sort(null);
    return values;
  }
}
