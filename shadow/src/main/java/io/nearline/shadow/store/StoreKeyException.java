package io.nearline.shadow.store;

import java.io.IOException;

/** A stored object is sealed under a data key this server does not hold. */
public class StoreKeyException extends IOException {
  public StoreKeyException(String message) {
    super(message);
  }
}
