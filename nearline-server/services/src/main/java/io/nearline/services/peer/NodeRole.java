package io.nearline.services.peer;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A near-line's part in a pair of near-lines. */
public enum NodeRole {
  /** Collects from primaries, runs recoveries and sends its log store to its peer. */
  ACTIVE,
  /** Receives the active near-line's log store and keeps its own surrogates; runs nothing. */
  PEER,
  /** Its peer took over while it was away: collects nothing and runs nothing until resynced. */
  FENCED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
