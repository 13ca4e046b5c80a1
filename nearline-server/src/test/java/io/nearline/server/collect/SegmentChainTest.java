package io.nearline.server.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nearline.server.smb.RemoteFile;
import io.nearline.shadow.postgres.SegmentName;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SegmentChainTest {
  private static final long SIZE = 16L << 20;

  private static SegmentName seg(String name) {
    return SegmentName.parse(name, SIZE).orElseThrow();
  }

  private static TreeMap<SegmentName, RemoteFile> listing(SegmentName last, String... names) {
    Map<SegmentName, RemoteFile> listed = new java.util.HashMap<>();
    for (String n : names) {
      listed.put(seg(n), new RemoteFile(n, SIZE, 0));
    }
    return SegmentChain.ahead(last, listed);
  }

  private static List<String> chain(SegmentName last, TreeMap<SegmentName, RemoteFile> ahead) {
    return SegmentChain.from(last, ahead, f -> true).stream()
        .map(e -> e.getKey().fileName()).toList();
  }

  @Test
  void shouldStopAtTheFirstHoleAndNameWhatComesAfterIt() {
    SegmentName last = seg("000000010000000000000002");
    var ahead = listing(last, "000000010000000000000001", "000000010000000000000003",
        "000000010000000000000005");
    assertEquals(List.of("000000010000000000000003"), chain(last, ahead));
    SegmentName afterThree = seg("000000010000000000000003");
    var rest = listing(afterThree, "000000010000000000000005");
    assertEquals(List.of(), chain(afterThree, rest));
    assertEquals("000000010000000000000005", SegmentChain.afterHole(afterThree, rest).fileName());
  }

  @Test
  void shouldFollowTheLaterTimelineAfterAPromotion() {
    SegmentName last = seg("000000010000000000000004");
    var ahead = listing(last, "000000010000000000000005", "000000020000000000000005",
        "000000020000000000000006");
    assertEquals(List.of("000000020000000000000005", "000000020000000000000006"),
        chain(last, ahead));
    assertNull(SegmentChain.afterHole(last, ahead));
  }

  @Test
  void shouldStartAtTheFirstListedSegmentWhenNothingIsCollectedYet() {
    var ahead = listing(null, "000000010000000000000007", "000000010000000000000008");
    assertEquals(List.of("000000010000000000000007", "000000010000000000000008"),
        chain(null, ahead));
  }

  @Test
  void shouldStopBeforeAFileThatIsNotReady() {
    SegmentName last = seg("000000010000000000000001");
    var ahead = listing(last, "000000010000000000000002", "000000010000000000000003");
    List<String> chain = SegmentChain.from(last, ahead,
        f -> !f.name().equals("000000010000000000000003")).stream()
        .map(e -> e.getKey().fileName()).toList();
    assertEquals(List.of("000000010000000000000002"), chain);
  }

  @Test
  void shouldIgnoreWhatAnOlderTimelineWroteOnceTheLogMovedOn() {
    // A failback restarted collection on timeline 3 before segment 0B; the old primary had
    // written timeline 1 up to 0D before it crashed.
    SegmentName restart = seg("00000003000000000000000B").previous();
    var ahead = listing(restart, "00000001000000000000000C", "00000001000000000000000D",
        "00000003000000000000000B", "00000003000000000000000C");
    assertEquals(List.of("00000003000000000000000B", "00000003000000000000000C"),
        chain(restart, ahead));
    assertNull(SegmentChain.afterHole(restart, ahead));
  }
}
