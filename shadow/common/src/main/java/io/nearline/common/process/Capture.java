package io.nearline.common.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one of a child's output streams to its end on a thread of its own, keeping a bounded
 * part: the first bytes (output a caller parses) or the last (error output, whose end says
 * what went wrong). A child that never closes the stream cannot hold the caller.
 */
final class Capture {
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "program-output");
    t.setDaemon(true);
    return t;
  });

  private final int limit;
  private final boolean keepTail;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private long total;
  private final CompletableFuture<Void> done;

  private Capture(InputStream in, int limit, boolean keepTail) {
    this.limit = limit;
    this.keepTail = keepTail;
    this.done = CompletableFuture.runAsync(() -> drain(in), READERS);
  }

  /** Keeps the first {@code limit} bytes. */
  static Capture head(InputStream in, int limit) {
    return new Capture(in, limit, false);
  }

  /** Keeps the last {@code limit} bytes. */
  static Capture tail(InputStream in, int limit) {
    return new Capture(in, limit, true);
  }

  static void run(Runnable task) {
    READERS.execute(task);
  }

  private void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        keep(buffer, n);
      }
    } catch (IOException closed) {
      // The child is gone or was stopped: what was read is what there is.
    }
  }

  private synchronized void keep(byte[] buffer, int n) {
    total += n;
    if (!keepTail) {
      kept.write(buffer, 0, (int) Math.max(0, Math.min(n, limit - kept.size())));
      return;
    }
    kept.write(buffer, 0, n);
    if (kept.size() > 2 * limit) {
      byte[] all = kept.toByteArray();
      kept.reset();
      kept.write(all, all.length - limit, limit);
    }
  }

  /** Waits up to {@code millis} for the stream to end; false if it has not. */
  boolean await(long millis) {
    try {
      done.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException stillOpen) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  /** What was kept, as it was written. */
  String text() {
    return kept().text();
  }

  /** What was kept and how many bytes were read but not kept, at one moment. */
  synchronized Kept kept() {
    byte[] all = kept.toByteArray();
    int from = keepTail ? Math.max(0, all.length - limit) : 0;
    return new Kept(new String(all, from, all.length - from, StandardCharsets.UTF_8),
        total - (all.length - from));
  }

  record Kept(String text, long dropped) {}
}
