package io.nearline.server.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.services.Event;
import io.nearline.services.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentsTest {
  @TempDir Path dir;

  @Test
  void shouldReadEventsBackNewestFirstAndNoMoreThanAsked() throws Exception {
    try (Catalog catalog = Catalog.open(dir.resolve("catalog"), List.of(Catalog.SCHEMA))) {
      Incidents incidents = new Incidents(catalog);
      Instant before = Instant.now();
      incidents.event("db1", Severity.WARN, "share unreachable");
      incidents.event("db1", Severity.INFO, "collecting again");
      incidents.event("db2", Severity.ERROR, "not db1's");

      List<Event> events = incidents.recentEvents("db1", 5);

      assertEquals(List.of("collecting again", "share unreachable"),
          events.stream().map(Event::message).toList());
      assertEquals(Severity.INFO, events.get(0).severity());
      assertTrue(Duration.between(before, events.get(0).at()).toSeconds() < 60,
          "when it happened: " + events.get(0).at());
      assertEquals(1, incidents.recentEvents("db1", 1).size());
    }
  }
}
