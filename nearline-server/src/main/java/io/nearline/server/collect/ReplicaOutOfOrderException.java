package io.nearline.server.collect;

/** A file from the active near-line does not continue this near-line's copy of the log. */
public final class ReplicaOutOfOrderException extends Exception {
  ReplicaOutOfOrderException(String message) {
    super(message);
  }
}
