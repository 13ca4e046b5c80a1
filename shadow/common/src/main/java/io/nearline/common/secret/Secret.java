package io.nearline.common.secret;

import java.util.Objects;

/**
 * A password, token or key held in memory. It never shows itself: {@link #toString()} prints a
 * mask, so a record holding one, logged or put in an error, cannot leak it. Only
 * {@link #reveal()} gives the text, at the one place that must send or write it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value);
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "********";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
