package io.nearline.shadow;

/** The primary could not tell who it is: unreachable, refused, or not the expected application. */
public class IdentityUnavailableException extends Exception {
  public IdentityUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
