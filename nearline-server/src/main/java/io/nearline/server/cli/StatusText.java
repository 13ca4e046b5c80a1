package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A protected server's status as a few readable lines. */
final class StatusText {
  private StatusText() {}

  static String of(JsonNode s) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%s  %s  %s%n", s.path("name").asText(), s.path("kind").asText(),
        s.path("state").asText().toUpperCase()));
    line(b, "last segment", s.path("lastSegment").asText("none yet")
        + (s.path("lastCollectedAt").isNull() ? "" : " at " + s.path("lastCollectedAt").asText()));
    line(b, "collected", String.format("%d segments, %.1f MiB; %d pending, lag %.1f s",
        s.path("segmentsCollected").asLong(), s.path("bytesCollected").asLong() / 1048576.0,
        s.path("pendingSegments").asInt(), s.path("lagSeconds").asDouble()));
    line(b, "share", s.path("share").asText());
    for (JsonNode g : s.path("gaps")) {
      line(b, "GAP", "missing between " + g.path("afterFile").asText("(start)") + " and "
          + g.path("beforeFile").asText() + " since " + g.path("detectedAt").asText());
    }
    for (JsonNode q : s.path("quarantined")) {
      line(b, "QUARANTINED", q.path("fileName").asText() + ": " + q.path("reason").asText());
    }
    if (!s.path("lastError").isNull() && !s.path("lastError").asText().isEmpty()) {
      line(b, "last error", s.path("lastError").asText());
    }
    String surrogate = s.path("surrogateState").asText("none");
    if (!surrogate.equals("none")) {
      line(b, "surrogate", surrogate.toUpperCase() + (s.path("replayedLsn").isNull() ? ""
          : String.format(" at %s, last commit %s, RPO %.1f s", s.path("replayedLsn").asText(),
              s.path("replayedAt").asText("-"), s.path("rpoSeconds").asDouble())));
      if (!s.path("surrogate").isNull()) {
        line(b, "read-only at", s.path("surrogate").asText());
      }
      if (!s.path("surrogateError").isNull()) {
        line(b, "SURROGATE", s.path("surrogateError").asText());
      }
    }
    JsonNode r = s.path("restorability");
    if (r.isObject()) {
      int red = r.path("redPoints").size();
      line(b, red == 0 ? "points" : "POINTS", red == 0 ? r.path("points").asInt() + " kept, all "
          + "restore (checked " + r.path("checkedAt").asText() + ")" : red + " of "
          + r.path("points").asInt() + " kept cannot be restored: " + r.path("redPoints")
          + " (nearline restorability show " + s.path("name").asText() + ")");
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("  %-13s %s%n", label, value));
  }
}
