package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A check report (a pair's standby, a policy's directory) as text. */
final class CheckText {
  private CheckText() {
  }

  static String of(JsonNode report) {
    StringBuilder b = new StringBuilder("check of " + report.path("subject").asText() + ": "
        + (report.path("passed").asBoolean() ? "passed" : "FAILED") + "\n");
    for (JsonNode i : report.path("items")) {
      b.append(i.path("passed").asBoolean() ? "  ok    " : "  FAIL  ")
          .append(i.path("check").asText()).append(": ").append(i.path("detail").asText())
          .append('\n');
    }
    return b.toString();
  }
}
