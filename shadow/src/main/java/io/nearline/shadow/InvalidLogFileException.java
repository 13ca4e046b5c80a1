package io.nearline.shadow;

/**
 * A log file that is not what its name says: damaged, truncated, foreign or of another kind. It
 * is a permanent condition for that file's bytes; retrying the same bytes cannot help.
 */
public class InvalidLogFileException extends Exception {
  private final String fileName;

  public InvalidLogFileException(String fileName, String reason) {
    super(fileName + ": " + reason);
    this.fileName = fileName;
  }

  public String fileName() {
    return fileName;
  }

  /** The reason alone, without the file name. */
  public String reason() {
    return getMessage().substring(fileName.length() + 2);
  }
}
