package io.nearline.directory.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.directory.CompareAndSwap.Outcome;
import io.nearline.directory.DirectoryException;
import io.nearline.testkit.NameServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 2136 updates against a real BIND named, signed with TSIG. */
class DnsZoneIT {
  @TempDir Path dir;
  NameServer named;

  @BeforeEach
  void start() {
    named = NameServer.start(dir.resolve("named"));
  }

  @AfterEach
  void stop() {
    named.close();
  }

  private DnsZone zone(String secret) throws DirectoryException {
    return DnsZone.connect(new DnsSettings("127.0.0.1", named.port(), NameServer.ZONE,
        NameServer.KEY_NAME, NameServer.KEY_ALGORITHM, secret));
  }

  @Test
  void shouldMoveANameToTheStandbyAndBackExactly() throws Exception {
    DnsZone zone = zone(NameServer.KEY_SECRET);
    DnsChange toStandby = zone.plan("db1", "127.0.0.2", 30);
    assertEquals(List.of("60 A 10.0.0.1"), toStandby.before());

    assertEquals(Outcome.APPLIED, zone.apply(toStandby));
    assertEquals("127.0.0.2", named.dig("db1.example.com", "A"));
    assertEquals(Outcome.ALREADY, zone.apply(toStandby), "a repeat changes nothing");

    DnsChange toName = zone.plan("db1", "dr-host.example.com", 30);
    assertEquals(Outcome.APPLIED, zone.apply(toName));
    assertEquals("dr-host.example.com.", named.dig("db1.example.com", "CNAME"));
    assertEquals(List.of("30 CNAME dr-host.example.com."), zone.read("db1"),
        "the A record went with the move");

    assertEquals(Outcome.APPLIED, zone.apply(toName.reversed()));
    assertEquals(Outcome.APPLIED, zone.apply(toStandby.reversed()));
    assertEquals("10.0.0.1", named.dig("db1.example.com", "A"));
  }

  @Test
  void shouldNeverOverwriteAConcurrentChange() throws Exception {
    DnsZone zone = zone(NameServer.KEY_SECRET);
    DnsChange planned = zone.plan("db1", "127.0.0.2", 30);
    assertEquals(Outcome.APPLIED, zone.apply(zone.plan("db1", "10.9.9.9", 30)), "someone else");

    assertEquals(Outcome.CONFLICT, zone.apply(planned));
    assertEquals("10.9.9.9", named.dig("db1.example.com", "A"));
  }

  @Test
  void shouldSayWhenTheKeyIsWrong() throws Exception {
    DnsZone zone = zone("d3JvbmctZC13cm9uZy13cm9uZy13cm9uZy13cm9uZyE=");
    DirectoryException e = assertThrows(DirectoryException.class,
        () -> zone.apply(new DnsChange("db1", List.of("60 A 10.0.0.1"),
            List.of("30 A 127.0.0.2"))));
    assertTrue(e.getMessage().contains(NameServer.KEY_NAME), e.getMessage());
    assertEquals("10.0.0.1", named.dig("db1.example.com", "A"));
  }
}
