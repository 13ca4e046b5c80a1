package io.nearline.wizard;

import io.nearline.services.NearlineException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A refusal's problems, placed at the form's fields: in the API's words, next to the field. */
final class FormErrors {
  private FormErrors() {}

  /**
   * The problems by form field: {@code place} turns the API's field ({@code directory.url},
   * {@code standby.pgPort}) into the form field it is shown at; a problem with no field goes to
   * {@code form}, at the top.
   */
  static Map<String, String> of(NearlineException e, UnaryOperator<String> place) {
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
