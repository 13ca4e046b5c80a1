package io.nearline.common.config;

import java.util.Map;
import java.util.stream.Collectors;

/** Configuration or a request that cannot be used as given; {@link #fields} says which and why. */
public class InvalidConfigException extends IllegalArgumentException {
  private final Map<String, String> fields;

  public InvalidConfigException(Map<String, String> fields) {
    super(fields.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining("; ")));
    this.fields = Map.copyOf(fields);
  }

  public InvalidConfigException(String field, String problem) {
    this(Map.of(field, problem));
  }

  /** Field (a path such as {@code standby.pgPort}) to what is wrong with it. */
  public Map<String, String> fields() {
    return fields;
  }
}
