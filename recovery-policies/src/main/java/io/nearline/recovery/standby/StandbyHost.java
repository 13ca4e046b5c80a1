package io.nearline.recovery.standby;

import io.nearline.recovery.Standby;
import java.io.InputStream;
import java.time.Duration;

/**
 * A shell on the standby, as the account the application runs as there: this host itself, or
 * a Linux server over SSH. Nothing is installed there; everything is a shell command.
 */
public interface StandbyHost extends AutoCloseable {
  /**
   * Runs {@code command} with bash and returns its standard output; a non-zero exit fails with
   * the command's own error output.
   */
  default String run(String command, Duration timeout) throws StandbyException {
    return run(command, InputStream.nullInputStream(), timeout);
  }

  /** Same, with {@code input} streamed to the command's standard input (for example a tar). */
  String run(String command, InputStream input, Duration timeout) throws StandbyException;

  /** For messages: {@code nearline@standby-host:22}, or {@code local (nearline)}. */
  String describe();

  @Override
  void close();

  static StandbyHost connect(Standby standby) throws StandbyException {
    return standby.isSsh() ? SshHost.connect(standby) : new LocalHost(standby.osUser());
  }

  /** Quotes a value for bash. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
