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
        List.of("postgresql 15.18"));
  }

  @Test
  void shouldPassWhenThePeerCanTakeOver() {
    Facts peer = new Facts("b", "0.1.0", 0, 0, 0, 50 * GIB, List.of("postgresql 15"), List.of());
    CheckReport r = PairingCheck.run(active(), peer, 120, true, true);
    assertTrue(r.passed(), r.text());
  }

  @Test
  void shouldNameEveryItemThatFails() {
    Facts peer = new Facts("b", "0.2.0", 0, 0, 0, 20 * GIB, List.of("postgresql 16"), List.of());
    CheckReport r = PairingCheck.run(active(), peer, -9000, true, false);
    assertFalse(r.passed());
    assertEquals(List.of("versions", "surrogate binaries for postgresql 15.18", "storage",
        "clock skew", "peer reaches active"), r.items().stream().filter(i -> !i.passed())
        .map(CheckReport.Item::check).collect(Collectors.toList()), r.text());
    assertTrue(r.text().contains("postgresql-15"), "says what to install: " + r.text());
  }
}
