package io.nearline.recovery.standby;

/** The standby cannot be reached, refused us, or a command there failed; the message says which. */
public final class StandbyException extends Exception {
  public StandbyException(String message) {
    super(message);
  }

  public StandbyException(String message, Throwable cause) {
    super(message, cause);
  }
}
