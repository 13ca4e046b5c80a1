package io.nearline.server.collect;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last few files committed, as the bytes that were checked and stored: the surrogate's
 * staging and the peer link ask for each file moments after its commit, and would otherwise
 * read it back, decompress it and check its checksum again, each of them, while the primary's
 * next segment competes for the same cores. Bounded in bytes; the oldest go first. Callers must
 * not change the arrays they get.
 */
final class RecentLogFiles {
  private final long capacityBytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
  private long bytes;

  private record Entry(String sha256, byte[] content) {}

  RecentLogFiles(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  /** Keeps a committed file's bytes; it must not be changed after this. */
  synchronized void remember(int serverId, String fileName, String sha256, byte[] content) {
    if (content.length > capacityBytes) {
      return;
    }
    Entry old = entries.put(key(serverId, fileName), new Entry(sha256, content));
    bytes += content.length - (old == null ? 0 : old.content().length);
    Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
    while (bytes > capacityBytes) {
      bytes -= oldest.next().getValue().content().length;
      oldest.remove();
    }
  }

  /** The bytes of a file kept here with this checksum. */
  synchronized Optional<byte[]> get(int serverId, String fileName, String sha256) {
    Entry e = entries.get(key(serverId, fileName));
    return e != null && e.sha256().equals(sha256) ? Optional.of(e.content()) : Optional.empty();
  }

  /** Forgets a removed server's files. */
  synchronized void forget(int serverId) {
    Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Entry> e = it.next();
      if (e.getKey().startsWith(serverId + "/")) {
        bytes -= e.getValue().content().length;
        it.remove();
      }
    }
  }

  private static String key(int serverId, String fileName) {
    return serverId + "/" + fileName;
  }
}
