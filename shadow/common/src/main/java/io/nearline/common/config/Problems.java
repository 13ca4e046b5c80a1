package io.nearline.common.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** What is wrong with a configuration, field by field, in the order found. */
public final class Problems {
  private final String prefix;
  private final Map<String, String> found;

  Problems() {
    this("", new LinkedHashMap<>());
  }

  private Problems(String prefix, Map<String, String> found) {
    this.prefix = prefix;
    this.found = found;
  }

  /** Records that {@code field} {@code problem} ("must be…"); the first problem per field wins. */
  public void add(String field, String problem) {
    found.putIfAbsent(prefix + field, problem);
  }

  /** The same record of problems, for the fields of a record within this one. */
  Problems within(String field) {
    return new Problems(prefix + field + ".", found);
  }

  boolean isEmpty() {
    return found.isEmpty();
  }

  Map<String, String> ordered() {
    return found;
  }
}
