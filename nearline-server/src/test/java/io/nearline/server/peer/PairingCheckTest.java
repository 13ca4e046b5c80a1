package io.nearline.server.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recovery.CheckReport;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PairingCheckTest {
  private static final long GIB = 1L << 30;

  private static Facts active() {
    return new Facts("a", "0.1.0", 0, 10 * GIB, GIB, 100 * GIB, List.of("postgresql 15"),
        List.of("postgresql 15.18"), false);
  }

  @Test
  void shouldPassWhenThePeerCanTakeOver() {
    Facts peer = new Facts("b", "0.1.0", 0, 0, 0, 50 * GIB, List.of("postgresql 15"), List.of(),
        false);
    CheckReport r = PairingCheck.run(active(), peer, 120, true, true);
    assertTrue(r.passed(), r.text());
  }

  @Test
  void shouldNameEveryItemThatFails() {
    Facts peer = new Facts("b", "0.2.0", 0, 0, 0, 20 * GIB, List.of("postgresql 16"), List.of(),
        false);
    CheckReport r = PairingCheck.run(active(), peer, -9000, true, false);
    assertFalse(r.passed());
    assertEquals(List.of("versions", "surrogate binaries for postgresql 15.18", "storage",
        "clock skew", "peer reaches active"), r.items().stream().filter(i -> !i.passed())
        .map(CheckReport.Item::check).collect(Collectors.toList()), r.text());
    assertTrue(r.text().contains("postgresql-15"), "says what to install: " + r.text());
  }

  @Test
  void shouldRefuseAPeerThatWouldKeepAnEncryptedStoreInClear() {
    Facts encrypted = new Facts("a", "0.1.0", 0, 0, 0, 100 * GIB, List.of(), List.of(), true);
    Facts clear = new Facts("b", "0.1.0", 0, 0, 0, 100 * GIB, List.of(), List.of(), false);
    CheckReport r = PairingCheck.run(encrypted, clear, 0, true, true);
    assertFalse(r.passed());
    assertTrue(r.text().contains("start the peer with --master-key"), r.text());
    assertTrue(PairingCheck.run(clear, encrypted, 0, true, true).passed());
    assertTrue(PairingCheck.run(encrypted, encrypted, 0, true, true).passed());
  }
}
