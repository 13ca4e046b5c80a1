package io.nearline.wizard;

import io.nearline.services.NearlineException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** What the console's forms share: reading a field, a wizard's step, and placing errors. */
final class Forms {
  private Forms() {}

  /** The field's value, trimmed; empty when it was not sent. */
  static String param(io.javalin.http.Context ctx, String name) {
    String value = ctx.formParam(name);
    return value == null ? "" : value.strip();
  }

  /** A wizard's step from {@code text}, 1 to {@code max}; 1 when it is not a number. */
  static int step(String text, int max) {
    try {
      return Math.max(1, Math.min(max, Integer.parseInt(text)));
    } catch (NumberFormatException | NullPointerException e) {
      return 1;
    }
  }

  /**
   * A refusal's problems by form field, in the API's words, to be shown next to the field:
   * {@code place} turns the API's field ({@code directory.url}, {@code standby.pgPort}) into
   * the form field it is shown at; a problem with no field goes to {@code form}, at the top.
   */
  static Map<String, String> errors(NearlineException e, UnaryOperator<String> place) {
    Map<String, String> errors = new LinkedHashMap<>();
    e.fields().forEach((field, problem) -> {
      String at = place.apply(field);
      String said = at.equals(field) ? problem : field + " " + problem;
      errors.merge(at, said, (a, b) -> a + "; " + b);
    });
    if (errors.isEmpty()) {
      errors.put("form", e.getMessage());
    }
    return errors;
  }
}
