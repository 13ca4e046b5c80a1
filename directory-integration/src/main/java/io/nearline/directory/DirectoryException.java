package io.nearline.directory;

/** The directory cannot be reached, refused the credentials, or lacks what a plan needs. */
public final class DirectoryException extends Exception {
  public DirectoryException(String message) {
    super(message);
  }

  public DirectoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
