package io.nearline.shadow.store;

import java.io.IOException;

/** A stored file whose bytes no longer match the checksum recorded when it was collected. */
public class CorruptStoredFileException extends IOException {
  public CorruptStoredFileException(String message) {
    super(message);
  }
}
