package io.nearline.recovery.postgres;

import java.util.List;

/** The standby check a pair must pass before it is saved: one line per item. */
public record CheckReport(String pair, List<Item> items) {
  public record Item(String check, boolean passed, String detail) {
  }

  @com.fasterxml.jackson.annotation.JsonProperty("passed")
  public boolean passed() {
    return items.stream().allMatch(Item::passed);
  }

  public String text() {
    StringBuilder b = new StringBuilder("standby check for pair " + pair + ": "
        + (passed() ? "passed" : "FAILED") + "\n");
    items.forEach(i -> b.append(i.passed() ? "  ok    " : "  FAIL  ").append(i.check())
        .append(": ").append(i.detail()).append('\n'));
    return b.toString();
  }
}
