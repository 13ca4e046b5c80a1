package io.nearline.recovery.standby;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The near-line host itself as the standby; commands run as its PostgreSQL account. */
public final class LocalHost implements StandbyHost {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final String osUser;

  public LocalHost(String osUser) {
    this.osUser = osUser;
  }

  @Override
  public String run(String command, InputStream input, Duration timeout)
      throws StandbyException {
    List<String> args = asUser(osUser, List.of("bash", "-c", command));
    try {
      Process p = new ProcessBuilder(args).directory(new java.io.File("/")).start();
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      try (OutputStream stdin = p.getOutputStream()) {
        input.transferTo(stdin);
      } catch (IOException closedEarly) {
        // The command stopped reading; its exit status and error output tell why.
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new StandbyException(describe() + ": timed out after " + timeout.toSeconds()
            + " s: " + command);
      }
      if (p.exitValue() != 0) {
        throw new StandbyException(describe() + ": exit " + p.exitValue() + " from " + command
            + ": " + text(err.join()).strip());
      }
      return text(out.join());
    } catch (IOException e) {
      throw new StandbyException(describe() + ": cannot run " + command + ": " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StandbyException(describe() + ": interrupted running " + command, e);
    }
  }

  /** {@code args} run as {@code osUser} (through runuser) when this process is root. */
  public static List<String> asUser(String osUser, List<String> args) {
    List<String> out = new ArrayList<>();
    if (ROOT && osUser != null && !osUser.isBlank() && !"root".equals(osUser)) {
      out.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    out.addAll(args);
    return out;
  }

  private static byte[] drain(InputStream in) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (in) {
      in.transferTo(b);
    } catch (IOException ignored) {
      // Process gone: whatever was read is what there is.
    }
    return b.toByteArray();
  }

  static String text(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.UTF_8);
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  @Override
  public String describe() {
    return "local (" + (osUser == null ? System.getProperty("user.name") : osUser) + ")";
  }

  @Override
  public void close() {
  }
}
