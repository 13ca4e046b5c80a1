package io.nearline.services.peer;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where the link to the peer stands, as this near-line sees it. */
public enum LinkState {
  /** No peer is paired. */
  UNPAIRED,
  /** Paired, but a pairing check failed: nothing is sent until it passes. */
  CHECKS_FAILED,
  /** Connecting, or reconnecting after a drop. */
  CONNECTING,
  /** Sending what the peer lacks. */
  SENDING,
  /** Everything committed here is acknowledged by the peer. */
  CAUGHT_UP,
  /** The peer refused the last object with a gap in the log: an operator must look. */
  GAP,
  /** The peer cannot be reached; retried with a growing pause. */
  DISCONNECTED,
  /** This near-line is the peer: it receives. */
  RECEIVING,
  /** This near-line was replaced by its peer and waits for a resync. */
  FENCED;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
