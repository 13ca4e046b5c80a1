package io.nearline.drills.alert;

import java.time.Instant;

/**
 * Something about drills a DR team must hear of.
 *
 * @param kind {@code failed}, {@code missed} or {@code overdue}
 * @param drill the drill it is about, if one
 */
public record Alert(String kind, String policy, Long drill, String message, Instant at) {
  public static final String FAILED = "failed";
  public static final String MISSED = "missed";
  public static final String OVERDUE = "overdue";

  /** One line, for a mail's subject. */
  public String subject() {
    return "Nearline: drill " + kind + " for policy " + policy;
  }
}
