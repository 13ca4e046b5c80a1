package io.nearline.shadow.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentNameTest {
  private static final long MIB16 = 16L << 20;

  @Test
  void shouldParseAndFormatAtTheLogIdBoundary() {
    SegmentName last = SegmentName.parse("0000000100000003000000FF", MIB16).orElseThrow();
    assertEquals(3 * 256 + 255, last.segmentNumber());
    assertEquals("000000010000000400000000", last.next().fileName());
    assertTrue(last.next().follows(last));
    assertEquals(Lsn.parse("3/FF000000"), last.startLsn());
  }

  @Test
  void shouldRejectNamesOutsideTheGrammar() {
    assertTrue(SegmentName.parse("000000010000000000000100", MIB16).isEmpty(), "seg >= 256");
    assertTrue(SegmentName.parse("00000001000000000000000a", MIB16).isEmpty(), "lower case");
    assertTrue(SegmentName.parse("000000010000000000000001.partial", MIB16).isEmpty());
    assertTrue(SegmentName.parse("000000000000000000000001", MIB16).isEmpty(), "timeline 0");
    assertTrue(SegmentName.parse("00000001.history", MIB16).isEmpty());
  }

  @Test
  void shouldHonourTheSegmentSizeWhenSplittingTheNumber() {
    SegmentName name = SegmentName.parse("000000010000000000000100", 1L << 20).orElseThrow();
    assertEquals(256, name.segmentNumber());
    assertEquals(Lsn.parse("0/10000000"), name.startLsn());
  }

  @Test
  void shouldFollowAcrossATimelineSwitch() {
    SegmentName onOne = SegmentName.parse("000000010000000000000005", MIB16).orElseThrow();
    SegmentName switched = SegmentName.parse("000000020000000000000005", MIB16).orElseThrow();
    SegmentName nextOnTwo = SegmentName.parse("000000020000000000000006", MIB16).orElseThrow();
    assertTrue(switched.follows(onOne));
    assertTrue(nextOnTwo.follows(onOne));
    assertFalse(onOne.follows(switched), "never back to an older timeline");
    assertFalse(nextOnTwo.next().follows(onOne), "a skipped segment is a gap");
    assertTrue(onOne.compareTo(switched) < 0);
  }
}
