package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A standby check report as text. */
final class CheckText {
  private CheckText() {
  }

  static String of(JsonNode report) {
    StringBuilder b = new StringBuilder("standby check for pair " + report.path("pair").asText()
        + ": " + (report.path("passed").asBoolean() ? "passed" : "FAILED") + "\n");
    for (JsonNode i : report.path("items")) {
      b.append(i.path("passed").asBoolean() ? "  ok    " : "  FAIL  ")
          .append(i.path("check").asText()).append(": ").append(i.path("detail").asText())
          .append('\n');
    }
    return b.toString();
  }
}
