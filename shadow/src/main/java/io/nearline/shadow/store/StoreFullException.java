package io.nearline.shadow.store;

import java.io.IOException;

/** The store's file system has no room for the next file; retry once space has been freed. */
public class StoreFullException extends IOException {
  public StoreFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
