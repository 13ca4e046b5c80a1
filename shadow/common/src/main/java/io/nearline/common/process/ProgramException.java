package io.nearline.common.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A program that could not be started, exited non-zero, was stopped when its time ran out, or
 * wrote more output than its caller reads.
 * The message names the program and quotes the end of its error output.
 */
public class ProgramException extends IOException {
  /** How the run went wrong. */
  public enum Reason { CANNOT_START, FAILED, TIMED_OUT, INTERRUPTED, TOO_MUCH_OUTPUT }

  private final Reason reason;
  private final List<String> command;
  private final Integer exitCode;
  private final String errorOutput;

  ProgramException(Reason reason, List<String> command, Integer exitCode, String errorOutput,
      String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.command = List.copyOf(command);
    this.exitCode = exitCode;
    this.errorOutput = errorOutput;
  }

  public Reason reason() {
    return reason;
  }

  /** The command line as run, runuser prefix included. */
  public List<String> command() {
    return command;
  }

  /** The exit status, or null if the program never exited by itself. */
  public Integer exitCode() {
    return exitCode;
  }

  /** The end of what the program wrote to standard error (or, if nothing, to its output). */
  public String errorOutput() {
    return errorOutput;
  }

  /** The program's name, not runuser's when it only switched accounts. */
  static String name(List<String> command) {
    int dashes = command.get(0).equals("runuser") ? command.indexOf("--") : -1;
    String program = dashes >= 0 && dashes + 1 < command.size() ? command.get(dashes + 1)
        : command.get(0);
    return Path.of(program).getFileName().toString();
  }
}
