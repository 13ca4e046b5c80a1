package io.nearline.server.peer;

import java.io.IOException;

/** The other near-line understood and said no; its reason is the message. */
final class PeerRefusedException extends IOException {
  PeerRefusedException(String message) {
    super(message);
  }
}
