package io.nearline.shadow;

/** A baseline or surrogate operation that failed, with a reason an operator can act on. */
public class ShadowException extends Exception {
  public ShadowException(String message) {
    super(message);
  }

  public ShadowException(String message, Throwable cause) {
    super(message, cause);
  }
}
