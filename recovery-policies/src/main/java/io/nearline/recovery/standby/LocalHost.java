package io.nearline.recovery.standby;

import io.nearline.common.process.Program;
import io.nearline.common.process.ProgramException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/** The near-line host itself as the standby; commands run as the application's account. */
public final class LocalHost implements StandbyHost {
  private final String osUser;

  public LocalHost(String osUser) {
    this.osUser = osUser;
  }

  @Override
  public String run(String command, InputStream input, Duration timeout)
      throws StandbyException {
    try {
      return Program.of("bash", "-c", command).asUser(osUser).in(Path.of("/")).input(input)
          .timeout(timeout).run();
    } catch (ProgramException e) {
      throw new StandbyException(describe() + ": " + switch (e.reason()) {
        case FAILED -> "exit " + e.exitCode() + " from " + command + ": " + e.errorOutput();
        case TIMED_OUT -> "timed out after " + timeout.toSeconds() + " s: " + command;
        default -> e.getMessage() + ": " + command;
      }, e);
    }
  }

  @Override
  public String describe() {
    return "local (" + (osUser == null ? System.getProperty("user.name") : osUser) + ")";
  }

  @Override
  public void close() {
  }
}
