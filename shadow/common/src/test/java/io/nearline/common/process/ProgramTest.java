package io.nearline.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.common.process.DeclaredPrograms.UndeclaredProgramException;
import io.nearline.common.process.ProgramException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramTest {
  private static final ExecutorService callers = Executors.newCachedThreadPool();

  @TempDir Path dir;

  @BeforeAll
  static void strict() {
    System.setProperty("nearline.programs.strict", "true");
  }

  @AfterAll
  static void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void shouldReturnWhatADeclaredProgramPrints() throws Exception {
    assertEquals("hello\n", Program.of("bash", "-c", "echo hello").run());
    assertEquals("from stdin", Program.of("cat").input("from stdin").run());
  }

  @Test
  void shouldRefuseToRunAProgramThatIsNotDeclared() {
    UndeclaredProgramException e = assertThrows(UndeclaredProgramException.class,
        () -> Program.of("/usr/bin/dpkg", "--version"));
    assertTrue(e.getMessage().contains("dpkg is not declared in samples/setup/programs.tsv"),
        e.getMessage());
  }

  @Test
  void shouldHideUndeclaredProgramsFromShellScriptsUnderTheTests() throws Exception {
    assertTrue(Files.isExecutable(Path.of("/usr/bin/dpkg")), "dpkg is on every Debian machine");
    assertEquals("missing", Program.of("bash", "-c", "command -v dpkg || echo missing").run()
        .strip(), "dpkg is not declared, so a script under the tests cannot find it");
    assertTrue(Program.of("bash", "-c", "command -v curl").run().strip().endsWith("curl"),
        "a declared program is found");
  }

  @Test
  void shouldQuoteTheErrorOutputOfAFailedProgram() {
    ProgramException e = assertThrows(ProgramException.class,
        () -> Program.of("bash", "-c", "echo progress; echo 'no such cluster' >&2; exit 3").run());
    assertEquals(Reason.FAILED, e.reason());
    assertEquals(3, e.exitCode());
    assertEquals("bash failed (exit 3): no such cluster", e.getMessage());
  }

  @Test
  void shouldStopAHungProgramAndWhatItStartedAndFreeTheCaller() throws Exception {
    Path pid = dir.resolve("child.pid");
    // The grandchild keeps the output pipe open: reading it to its end would wait for ever.
    Future<ProgramException> caller = callers.submit(() -> assertThrows(ProgramException.class,
        () -> Program.of("bash", "-c", "sleep 600 & echo $! > " + pid + "; wait")
            .timeout(Duration.ofSeconds(1)).run()));
    ProgramException e = caller.get(15, TimeUnit.SECONDS);
    assertEquals(Reason.TIMED_OUT, e.reason());
    assertTrue(e.getMessage().startsWith("bash did not finish in 1 s and was stopped"),
        e.getMessage());
    long child = Long.parseLong(Files.readString(pid).strip());
    assertTrue(gone(child), "the program's own child was stopped too");
  }

  /** Whether a process has ended (a zombie has: only its exit status waits to be read). */
  private static boolean gone(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    for (int i = 0; i < 50; i++) {
      if (!Files.exists(stat) || Files.readString(stat).replaceAll("^.*\\) ", "").startsWith("Z")) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void shouldKeepOnlyTheBoundOfAHugeOutput() throws Exception {
    Program.Result r = Program.of("head", "-c", "50000000", "/dev/zero").maxOutput(1000).exec();
    assertEquals(1000, r.output().length(), "what is kept is what was written, unmarked");
    assertEquals(49_999_000, r.outputDropped());
    ProgramException e = assertThrows(ProgramException.class,
        () -> Program.of("head", "-c", "5000", "/dev/zero").maxOutput(1000).run());
    assertEquals(ProgramException.Reason.TOO_MUCH_OUTPUT, e.reason(),
        "a caller that parses the output never gets a cut one");
  }

  @Test
  void shouldHandOutputToAStreamAndReportTheProgramsOwnFailure() throws Exception {
    int read = Program.of("head", "-c", "100000", "/dev/zero")
        .streamOutput(in -> in.readAllBytes().length);
    assertEquals(100_000, read);
    byte[] first = Program.of("head", "-c", "10000000", "/dev/zero")
        .streamOutput(in -> in.readNBytes(10));
    assertEquals(10, first.length, "what the reader leaves unread does not fail the program");
    ProgramException e = assertThrows(ProgramException.class,
        () -> Program.of("bash", "-c", "echo 'backup failed' >&2; exit 1")
            .streamOutput(in -> {
              in.readAllBytes();
              throw new IllegalStateException("the reader saw a short stream");
            }));
    assertEquals("bash failed (exit 1): backup failed", e.getMessage());
    assertEquals("the reader saw a short stream", e.getSuppressed()[0].getMessage());
  }

  @Test
  void shouldSwitchAccountsThroughRunuserOnlyAsRoot() {
    assertEquals(Program.isRoot(), Program.of("id", "-un").asUser("nobody").commandLine().get(0)
        .equals("runuser"));
    assertEquals("id", Program.of("id", "-un").asUser("root").commandLine().get(0));
  }
}
