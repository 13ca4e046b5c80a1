package io.nearline.recovery.standby;

/** The standby cannot be reached, refused us, or a command there failed; the message says which. */
public final class StandbyException extends Exception {
  public StandbyException(String message) {
    super(message);
  }

  public StandbyException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The last line of the message: for a failed command, usually its own error. */
  public String lastLine() {
    String m = getMessage() == null ? "" : getMessage();
    return m.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(m).strip();
  }
}
