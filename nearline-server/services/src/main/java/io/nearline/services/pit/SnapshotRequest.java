package io.nearline.services.pit;

import io.nearline.common.config.Describe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which point to open: exactly one of a time, a log position, a transaction or a tag.
 *
 * @param ttl how long it stays open; null for the default
 */
public record SnapshotRequest(
    @Describe("An ISO-8601 time: the last commit at or before it") String time,
    @Describe("A log position (PostgreSQL LSN such as 0/3000060)") String lsn,
    @Describe("A transaction id: stop just after it commits") String xid,
    @Describe("A tagged recovery point") String tag,
    @Describe("How long it stays open before it is dropped (ISO-8601 duration, PT1H)")
    Duration ttl) {

  /** The fields given, by name: a valid request has exactly one. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Map<String, String> given() {
    Map<String, String> given = new java.util.LinkedHashMap<>();
    List<String> names = new ArrayList<>(List.of("time", "lsn", "xid", "tag"));
    String[] values = {time, lsn, xid, tag};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !values[i].isBlank()) {
        given.put(names.get(i), values[i].strip());
      }
    }
    return given;
  }
}
