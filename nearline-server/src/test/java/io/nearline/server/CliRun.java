package io.nearline.server;

import io.nearline.server.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the nearline command line in this JVM and captures what it prints. */
public record CliRun(int exitCode, String out, String err) {
  /**
   * The command line against the server at {@code url}, with the token in {@code tokenFile},
   * verifying the server by {@code caFile} when it is not null.
   */
  public static CliRun against(String url, Path tokenFile, Path caFile, String... args) {
    List<String> all = new ArrayList<>(List.of("--url", url, "--token-file",
        tokenFile.toString()));
    if (caFile != null) {
      all.addAll(List.of("--ca-file", caFile.toString()));
    }
    all.addAll(List.of(args));
    return of(all.toArray(String[]::new));
  }

  public static synchronized CliRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
