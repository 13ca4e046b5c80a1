package io.nearline.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** A recovery run's journal as text: one line per step, its changes, and the measurements. */
final class RunText {
  private RunText() {
  }

  static String of(JsonNode run) {
    StringBuilder b = new StringBuilder();
    b.append("run ").append(run.path("id").asText()).append(" (").append(run.path("kind")
        .asText()).append(" of policy ").append(run.path("policy").asText()).append("): ")
        .append(run.path("state").asText().toLowerCase()).append('\n');
    for (JsonNode s : run.path("steps")) {
      b.append(String.format("  %-9s %-10s %-17s %s%n", s.path("state").asText().toLowerCase(),
          s.path("pair").asText(), s.path("step").asText(), detail(s)));
      for (JsonNode c : s.path("changes")) {
        b.append("      ").append(c.path("kind").asText()).append(' ')
            .append(c.path("target").asText()).append(": ").append(text(c.path("before")))
            .append(" -> ").append(text(c.path("after"))).append('\n');
      }
    }
    for (JsonNode s : run.path("steps")) {
      JsonNode facts = outcome(s).path("facts");
      for (Iterator<Map.Entry<String, JsonNode>> i = facts.fields(); i.hasNext();) {
        Map.Entry<String, JsonNode> f = i.next();
        b.append("  ").append(f.getKey()).append(": ").append(f.getValue().asText())
            .append('\n');
      }
    }
    if ("FAILED".equals(run.path("state").asText())) {
      String id = run.path("id").asText();
      b.append("next: nearline run retry ").append(id).append(" | nearline run skip ")
          .append(id).append(" --reason TEXT | nearline run rollback ").append(id).append('\n');
    }
    return b.toString();
  }

  private static String detail(JsonNode s) {
    if (!s.path("error").isNull() && !s.path("error").isMissingNode()) {
      return s.path("error").asText();
    }
    if (!s.path("skipReason").isNull() && !s.path("skipReason").isMissingNode()) {
      return "skipped: " + s.path("skipReason").asText();
    }
    return outcome(s).path("summary").asText("");
  }

  private static JsonNode outcome(JsonNode s) {
    try {
      return s.path("outcome").isTextual()
          ? io.nearline.common.json.Json.MAPPER.readTree(s.path("outcome").asText())
          : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    } catch (java.io.IOException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static String text(JsonNode v) {
    String t = v.isNull() || v.isMissingNode() ? "-" : v.asText();
    return t.replaceAll("\\s+", " ");
  }
}
