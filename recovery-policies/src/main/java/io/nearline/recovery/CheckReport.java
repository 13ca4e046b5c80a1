package io.nearline.recovery;

import java.util.List;

/**
 * A check that must pass before something is saved — a pair's standby, a policy's directory —
 * one line per item.
 *
 * @param subject what was checked, e.g. {@code pair db1-dr}
 */
public record CheckReport(String subject, List<Item> items) {
  public record Item(String check, boolean passed, String detail) {
  }

  @com.fasterxml.jackson.annotation.JsonProperty("passed")
  public boolean passed() {
    return items.stream().allMatch(Item::passed);
  }

  public String text() {
    StringBuilder b = new StringBuilder("check of " + subject + ": "
        + (passed() ? "passed" : "FAILED") + "\n");
    items.forEach(i -> b.append(i.passed() ? "  ok    " : "  FAIL  ").append(i.check())
        .append(": ").append(i.detail()).append('\n'));
    return b.toString();
  }
}
