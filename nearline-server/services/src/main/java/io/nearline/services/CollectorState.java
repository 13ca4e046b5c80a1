package io.nearline.services;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a protected server's collection stands. */
public enum CollectorState {
  /** Polling normally; caught up or pulling. */
  COLLECTING,
  /** Stopped by an operator. */
  PAUSED,
  /** A retriable failure (network, share restarting); the next attempt is scheduled. */
  RETRYING,
  /** A missing segment: waiting for it to appear on the share; never skipped. */
  GAP,
  /** A damaged or foreign file: collection stopped in front of it. */
  QUARANTINED,
  /** The log store has no room; rechecked until space returns. */
  STORE_FULL,
  /** A permanent failure (credentials, missing share): waits for an operator to resume. */
  FAILED,
  /** This near-line is a peer: the active near-line collects and sends it the log. */
  REPLICA,
  /** This near-line was replaced by its peer: it collects nothing until resynced. */
  FENCED;

  /** The lower-case, dash-separated name the API and CLI show. */
  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
