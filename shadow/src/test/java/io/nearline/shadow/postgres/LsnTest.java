package io.nearline.shadow.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LsnTest {
  @Test
  void shouldRoundTripCanonicalForm() {
    assertEquals("16/3002D50", Lsn.parse("16/3002D50").toString());
    assertEquals(0x16_0300_2D50L, Lsn.parse("16/3002D50").value());
    assertEquals("0/0", Lsn.INVALID.toString());
  }

  @Test
  void shouldCompareAsUnsigned() {
    Lsn high = Lsn.parse("FFFFFFFF/0");
    assertTrue(high.compareTo(Lsn.parse("7FFFFFFF/FFFFFFFF")) > 0);
  }

  @Test
  void shouldRejectMalformedText() {
    assertThrows(IllegalArgumentException.class, () -> Lsn.parse("16"));
    assertThrows(IllegalArgumentException.class, () -> Lsn.parse("/5"));
    assertThrows(IllegalArgumentException.class, () -> Lsn.parse("G/0"));
    assertThrows(IllegalArgumentException.class, () -> Lsn.parse("123456789/0"));
  }

  @Test
  void shouldTreatZeroAsInvalid() {
    assertFalse(Lsn.valueOf(0).isValid());
    assertTrue(Lsn.parse("0/1").isValid());
  }
}
