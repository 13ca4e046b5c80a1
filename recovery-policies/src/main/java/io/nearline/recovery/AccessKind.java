package io.nearline.recovery;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How Nearline reaches a standby: this host itself, or another over SSH. */
public enum AccessKind {
  LOCAL, SSH;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
