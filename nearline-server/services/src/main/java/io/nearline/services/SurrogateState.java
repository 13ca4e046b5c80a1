package io.nearline.services;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a protected server's surrogate stands. */
public enum SurrogateState {
  /** The server keeps no surrogate, or it has not been seeded yet. */
  NONE,
  /** A baseline is being taken, its log collected and verified. */
  SEEDING,
  /** Starting, or started and not yet answering. */
  STARTING,
  /** Answering and replaying the collected log. */
  REPLAYING,
  /** Replay has stood still while newer log was collected. */
  STALLED,
  /** Seeding or starting failed; tried again after a pause. */
  FAILED,
  /** Stopped on purpose and kept stopped (an instant copy is built on its data). */
  HELD;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
