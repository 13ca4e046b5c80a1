package io.nearline.server.collect;

import io.nearline.server.smb.RemoteFile;
import io.nearline.shadow.LogSegmentId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Which listed segments continue the log from the collected position without a hole. */
final class SegmentChain {
  private SegmentChain() {}

  /**
   * The listed segments after {@code last} (all of them if nothing is collected yet), in order.
   * Segments of an older branch of history than {@code last}'s are not ahead: once the log has
   * moved to a new timeline, what the old one wrote after the switch is not part of it.
   */
  static <S extends LogSegmentId<S>> TreeMap<S, RemoteFile> ahead(S last,
      Map<S, RemoteFile> listed) {
    TreeMap<S, RemoteFile> ahead = new TreeMap<>();
    listed.forEach((s, f) -> {
      if (last == null || s.compareTo(last) > 0 && s.lineage() >= last.lineage()) {
        ahead.put(s, f);
      }
    });
    return ahead;
  }

  /**
   * The segments that follow {@code last} one after the other, up to the first hole or the
   * first file that is not {@code ready}. Of two copies of a segment on different timelines the
   * later timeline wins.
   */
  static <S extends LogSegmentId<S>> List<Map.Entry<S, RemoteFile>> from(S last,
      SortedMap<S, RemoteFile> ahead, Predicate<RemoteFile> ready) {
    List<Map.Entry<S, RemoteFile>> entries = new ArrayList<>(ahead.entrySet());
    List<Map.Entry<S, RemoteFile>> chain = new ArrayList<>();
    S previous = last;
    for (int i = 0; i < entries.size(); i++) {
      S s = entries.get(i).getKey();
      if (previous != null && !s.follows(previous)) {
        if (s.sequence() == previous.sequence()) {
          continue; // an older timeline's copy of the segment just taken
        }
        break;
      }
      while (i + 1 < entries.size() && entries.get(i + 1).getKey().sequence() == s.sequence()
          && (previous == null || entries.get(i + 1).getKey().follows(previous))) {
        s = entries.get(++i).getKey();
      }
      RemoteFile file = entries.get(i).getValue();
      if (!ready.test(file)) {
        break;
      }
      chain.add(Map.entry(s, file));
      previous = s;
    }
    return chain;
  }

  /** The first segment after {@code last} if a hole separates them, else null. */
  static <S extends LogSegmentId<S>> S afterHole(S last, SortedMap<S, RemoteFile> ahead) {
    if (last == null || ahead.isEmpty() || ahead.firstKey().follows(last)) {
      return null;
    }
    return ahead.firstKey();
  }
}
