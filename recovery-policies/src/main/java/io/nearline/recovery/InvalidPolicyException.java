package io.nearline.recovery;

/** A pair or policy that cannot be saved or run as written; the message says which field. */
public final class InvalidPolicyException extends Exception {
  public InvalidPolicyException(String message) {
    super(message);
  }
}
