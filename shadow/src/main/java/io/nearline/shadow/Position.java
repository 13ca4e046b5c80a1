package io.nearline.shadow;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A point in one application's log, as a value (PostgreSQL: an {@code Lsn}; ESE: a generation
 * number). The engine only shows, stores and compares positions for equality; a connector
 * parses them back ({@link ApplicationConnector#parsePosition}) and orders its own.
 */
public interface Position {
  /** The canonical text, as the application itself writes it: {@code 16/3002D50}. */
  @JsonValue
  String text();

  /** The position as a number, for graphs: a byte address, a generation number. */
  double asNumber();
}
