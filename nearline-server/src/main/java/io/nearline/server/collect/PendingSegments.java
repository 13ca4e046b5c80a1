package io.nearline.server.collect;

import io.nearline.server.smb.RemoteFile;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Segments seen on the share and not yet collected: since when each has waited (the collection
 * lag), and whether a file of the wrong size has stopped changing. Updated by the poll thread;
 * the published figures may be read from any thread.
 */
final class PendingSegments {
  private final long segmentSize;
  private final Duration settleTime;
  private final Map<String, Instant> firstSeen = new HashMap<>();
  private final Map<String, Instant> unchangedSince = new HashMap<>();
  private volatile int count;
  private volatile Instant oldest;

  PendingSegments(long segmentSize, Duration settleTime) {
    this.segmentSize = segmentSize;
    this.settleTime = settleTime;
  }

  /** Replaces the pending set with what the latest listing shows, keeping first-seen times. */
  void listed(Collection<String> names) {
    Instant now = Instant.now();
    Map<String, Instant> seen = new HashMap<>();
    names.forEach(n -> seen.put(n, firstSeen.getOrDefault(n, now)));
    firstSeen.clear();
    firstSeen.putAll(seen);
    unchangedSince.keySet().removeIf(key -> !seen.containsKey(key.substring(0, key.indexOf('@'))));
    publish();
  }

  void collected(String name) {
    firstSeen.remove(name);
    publish();
  }

  /**
   * A full-size file is ready; one of another size only once its size and time have not changed
   * for the settle time: until then it may still be being written.
   */
  boolean settled(RemoteFile file) {
    if (file.size() == segmentSize) {
      return true;
    }
    String key = file.name() + "@" + file.size() + "@" + file.lastModified();
    Instant since = unchangedSince.computeIfAbsent(key, k -> Instant.now());
    return Duration.between(since, Instant.now()).compareTo(settleTime) >= 0;
  }

  int count() {
    return count;
  }

  /** Seconds the oldest pending segment has waited; 0 when there is none. */
  double lagSeconds() {
    Instant o = oldest;
    return o == null ? 0 : Math.max(0, Duration.between(o, Instant.now()).toMillis() / 1000.0);
  }

  private void publish() {
    count = firstSeen.size();
    oldest = firstSeen.values().stream().min(Comparator.naturalOrder()).orElse(null);
  }
}
