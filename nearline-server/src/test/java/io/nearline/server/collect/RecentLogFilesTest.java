package io.nearline.server.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentLogFilesTest {
  @Test
  void shouldKeepTheNewestFilesWithinItsBytesAndOnlyForTheRightChecksum() {
    RecentLogFiles recent = new RecentLogFiles(10);
    byte[] a = new byte[4];
    byte[] b = new byte[4];
    byte[] c = new byte[4];
    recent.remember(1, "a", "sa", a);
    recent.remember(1, "b", "sb", b);
    recent.remember(1, "c", "sc", c); // 12 bytes: the oldest goes

    assertEquals(Optional.empty(), recent.get(1, "a", "sa"));
    assertEquals(Optional.of(b), recent.get(1, "b", "sb"));
    assertEquals(Optional.empty(), recent.get(1, "b", "other"), "another checksum is not it");
    assertEquals(Optional.empty(), recent.get(2, "b", "sb"), "nor another server's file");

    recent.remember(1, "big", "sbig", new byte[11]);
    assertEquals(Optional.empty(), recent.get(1, "big", "sbig"), "too big to keep");
    assertTrue(recent.get(1, "c", "sc").isPresent());

    recent.forget(1);
    assertEquals(Optional.empty(), recent.get(1, "c", "sc"));
  }
}
