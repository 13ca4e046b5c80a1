package io.nearline.services;

import java.util.Map;

/**
 * A request Nearline refuses, with an HTTP-like status and, for bad input, the fields at fault.
 * The message is for the operator: what is wrong and what to do.
 */
public class NearlineException extends RuntimeException {
  private final int status;
  private final Map<String, String> fields;

  public NearlineException(int status, String message) {
    this(status, message, Map.of(), null);
  }

  public NearlineException(int status, String message, Map<String, String> fields,
      Throwable cause) {
    super(message, cause);
    this.status = status;
    this.fields = Map.copyOf(fields);
  }

  public static NearlineException notFound(String name) {
    return new NearlineException(404, "no protected server named '" + name + "'");
  }

  public int status() {
    return status;
  }

  public Map<String, String> fields() {
    return fields;
  }
}
