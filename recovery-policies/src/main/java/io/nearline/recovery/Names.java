package io.nearline.recovery;

/** The name rule pairs, policies, standbys and tags share. */
public final class Names {
  public static final String REGEX = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
  public static final String MEANS = "1-128 letters, digits, '.', '_' or '-'";

  private Names() {
  }
}
