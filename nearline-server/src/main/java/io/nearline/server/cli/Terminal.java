package io.nearline.server.cli;

import java.io.Console;
import java.nio.charset.StandardCharsets;

/** What the terminal the command line writes to can show. */
final class Terminal {
  private Terminal() {}

  /**
   * "…" where the terminal says it takes UTF-8, else "...": under LC_ALL=C, in a pipe and in
   * many log collectors the one character prints as "?".
   */
  static String ellipsis() {
    Console console = System.console();
    return console != null && StandardCharsets.UTF_8.equals(console.charset()) ? "…" : "...";
  }
}
