package io.nearline.recovery;

import java.util.regex.Pattern;

/** Field checks shared by pairs and policies, so the CLI, API and wizard say the same thing. */
final class Fields {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private Fields() {
  }

  static void name(String field, String value) throws InvalidPolicyException {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new InvalidPolicyException(field + " must be 1-128 letters, digits, '.', '_' or '-',"
          + " not " + (value == null ? "missing" : "'" + value + "'"));
    }
  }

  static void required(String field, String value) throws InvalidPolicyException {
    if (value == null || value.isBlank()) {
      throw new InvalidPolicyException(field + " is required");
    }
  }

  static void port(String field, int value) throws InvalidPolicyException {
    if (value < 1 || value > 65535) {
      throw new InvalidPolicyException(field + " must be a TCP port, not " + value);
    }
  }

  static void absolutePath(String field, String value) throws InvalidPolicyException {
    required(field, value);
    if (!value.startsWith("/") || value.contains("'")) {
      throw new InvalidPolicyException(field + " must be an absolute path without quotes, not "
          + value);
    }
  }
}
