package io.nearline.common.process;

import io.nearline.common.process.ProgramException.Reason;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one way Nearline runs an external program. Only programs declared in {@code
 * samples/setup/programs.tsv} run; the timeout fires even when the program keeps its output
 * open (the program and everything it started are killed); output is bounded, and the end of
 * the error output is kept for the message. When Nearline runs as root and the program must
 * run as another account ({@link #asUser}), it goes through runuser: PostgreSQL refuses root.
 *
 * <pre>
 *   String out = Program.of(pgCtl, "-D", data, "status").asUser("nearline")
 *       .timeout(Duration.ofSeconds(30)).run();
 * </pre>
 */
public final class Program {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static final int ERROR_TAIL = 16 << 10;
  private static final int MESSAGE_LIMIT = 2000;

  private final List<String> command;
  private String osUser;
  private Path directory;
  private Duration timeout = Duration.ofMinutes(10);
  private InputStream input;
  private int maxOutput = 4 << 20;
  private final Map<String, String> environment = new LinkedHashMap<>();

  private Program(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no program to run");
    }
    DeclaredPrograms.require(command.get(0));
    this.command = List.copyOf(command);
  }

  public static Program of(String program, String... args) {
    List<String> command = new ArrayList<>(List.of(program));
    command.addAll(List.of(args));
    return new Program(command);
  }

  public static Program of(List<String> command) {
    return new Program(command);
  }

  /** Runs as {@code osUser} (through runuser) when this process is root; null: as this one. */
  public Program asUser(String osUser) {
    this.osUser = osUser;
    return this;
  }

  public Program in(Path directory) {
    this.directory = directory;
    return this;
  }

  public Program timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public Program input(String text) {
    return input(text.getBytes(StandardCharsets.UTF_8));
  }

  public Program input(byte[] bytes) {
    return input(new ByteArrayInputStream(bytes));
  }

  /** Streamed to the program's standard input on a thread of its own, then closed. */
  public Program input(InputStream stream) {
    this.input = stream;
    return this;
  }

  public Program env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /**
   * The most of its standard output kept, 4 MiB by default; the rest is counted
   * ({@link Result#outputDropped}), not kept.
   */
  public Program maxOutput(int bytes) {
    this.maxOutput = bytes;
    return this;
  }

  /** The command line as it will run: runuser first when it must switch accounts. */
  public List<String> commandLine() {
    List<String> out = new ArrayList<>();
    if (ROOT && osUser != null && !osUser.isBlank() && !osUser.equals("root")) {
      out.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    out.addAll(command);
    return out;
  }

  /**
   * Runs to the end and returns its standard output, whole: a non-zero exit, or more output
   * than {@link #maxOutput}, is an error.
   */
  public String run() throws ProgramException {
    Result r = exec();
    List<String> line = commandLine();
    if (r.exitCode() != 0) {
      throw failed(line, r.exitCode(), r.errorOutput().isBlank() ? r.output()
          : r.errorOutput());
    }
    if (r.outputDropped() > 0) {
      throw new ProgramException(Reason.TOO_MUCH_OUTPUT, line, 0, r.errorOutput(),
          ProgramException.name(line) + " wrote more than the " + maxOutput
              + " bytes of output that are read", null);
    }
    return r.output();
  }

  /** Runs to the end; the exit status is the caller's to judge. */
  public Result exec() throws ProgramException {
    List<String> line = commandLine();
    Process p = launch(line, null);
    Capture out = Capture.head(p.getInputStream(), maxOutput);
    Capture err = Capture.tail(p.getErrorStream(), ERROR_TAIL);
    feed(p);
    awaitExit(p, line, err);
    // A child that left a grandchild holding the pipes open must not hold the caller.
    out.await(2000);
    err.await(2000);
    Capture.Kept output = out.kept();
    return new Result(p.exitValue(), output.text(), output.dropped(), err.text());
  }

  /**
   * Runs with its standard output handed to {@code use} as a stream (a tar piped to a standby,
   * say); then waits for the exit. The timeout counts from when {@code use} returns: how long
   * the stream may take is {@code use}'s to bound. Output {@code use} leaves unread is read and
   * dropped. If {@code use} fails because the program failed, the program's own error is
   * thrown, with {@code use}'s attached.
   */
  public <T, E extends Exception> T streamOutput(OutputUse<T, E> use)
      throws ProgramException, E {
    List<String> line = commandLine();
    Process p = launch(line, null);
    Capture err = Capture.tail(p.getErrorStream(), ERROR_TAIL);
    feed(p);
    T result;
    try {
      result = use.apply(p.getInputStream());
    } catch (Exception e) {
      ProgramException cause = exitedWithError(p, line, err);
      stop(p);
      if (cause != null) {
        cause.addSuppressed(e);
        throw cause;
      }
      throw e;
    }
    // Drained rather than closed: closing would fail a program still writing (SIGPIPE).
    Capture.head(p.getInputStream(), 0);
    awaitExit(p, line, err);
    err.await(2000);
    if (p.exitValue() != 0) {
      throw failed(line, p.exitValue(), err.text());
    }
    return result;
  }

  /** Starts a long-running program (a server), its output appended to {@code log}. */
  public Process start(Path log) throws ProgramException {
    return launch(commandLine(), log);
  }

  /** What a stream of a program's output is used for. */
  @FunctionalInterface
  public interface OutputUse<T, E extends Exception> {
    T apply(InputStream output) throws E;
  }

  /**
   * How a program ended: its exit status and what it wrote, bounded.
   *
   * @param outputDropped bytes of standard output beyond the bound, read and not kept
   * @param errorOutput the end of its error output
   */
  public record Result(int exitCode, String output, long outputDropped, String errorOutput) {}

  /**
   * Whether Nearline runs as root. Programs that refuse root (PostgreSQL's) then run as another
   * account ({@link #asUser}), and files they must read are given to it.
   */
  public static boolean isRoot() {
    return ROOT;
  }

  /** Kills a program and everything it started, and waits for it to go. */
  public static void stop(Process p) {
    // Found first (once it is gone they are init's), killed after it: a shell killed last
    // would report its children's deaths as its own error output.
    List<ProcessHandle> started = p.descendants().toList();
    p.destroyForcibly();
    started.forEach(ProcessHandle::destroyForcibly);
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process launch(List<String> line, Path log) throws ProgramException {
    ProcessBuilder pb = new ProcessBuilder(line);
    if (directory != null) {
      pb.directory(directory.toFile());
    }
    if (DeclaredPrograms.strict()) {
      pb.environment().put("PATH", DeclaredPrograms.strictPath().toString());
      pb.environment().put("NEARLINE_PROGRAMS_STRICT", "1");
    }
    pb.environment().putAll(environment);
    if (log != null) {
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }
    try {
      return pb.start();
    } catch (IOException e) {
      throw new ProgramException(Reason.CANNOT_START, line, null, "", "cannot run "
          + ProgramException.name(line) + ": " + e.getMessage(), e);
    }
  }

  private void feed(Process p) {
    if (input == null) {
      try {
        p.getOutputStream().close();
      } catch (IOException ignored) {
        // Nothing to tell it.
      }
      return;
    }
    InputStream source = input;
    Capture.run(() -> {
      try (OutputStream stdin = p.getOutputStream(); source) {
        source.transferTo(stdin);
      } catch (IOException stoppedReading) {
        // The program stopped reading; its exit status and error output tell why.
      }
    });
  }

  private void awaitExit(Process p, List<String> line, Capture err) throws ProgramException {
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(p);
        err.await(1000);
        throw new ProgramException(Reason.TIMED_OUT, line, null, err.text(),
            ProgramException.name(line) + " did not finish in " + describe(timeout)
                + " and was stopped" + detail(err.text()), null);
      }
    } catch (InterruptedException e) {
      stop(p);
      Thread.currentThread().interrupt();
      throw new ProgramException(Reason.INTERRUPTED, line, null, err.text(),
          "interrupted while running " + ProgramException.name(line), e);
    }
  }

  private static ProgramException exitedWithError(Process p, List<String> line, Capture err) {
    try {
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() != 0) {
        err.await(1000);
        return failed(line, p.exitValue(), err.text());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private static ProgramException failed(List<String> line, int exit, String output) {
    return new ProgramException(Reason.FAILED, line, exit, output.strip(),
        ProgramException.name(line) + " failed (exit " + exit + ")" + detail(output), null);
  }

  private static String detail(String output) {
    String s = output.strip();
    if (s.isEmpty()) {
      return "";
    }
    return ": " + (s.length() <= MESSAGE_LIMIT ? s : "…" + s.substring(s.length() - MESSAGE_LIMIT));
  }

  private static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
