package io.nearline.services;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an operator does to a run that stopped. */
public enum RunAction {
  /** Runs the failed step again, then the rest. */
  RETRY,
  /** Skips the failed step, journaling why, then goes on. */
  SKIP,
  /** Reverses every change of the run, newest first. */
  ROLLBACK;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
