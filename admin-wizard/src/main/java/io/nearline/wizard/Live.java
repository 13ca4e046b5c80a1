package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A page that follows changes by itself: the server renders its live part again every so often
 * and sends it (a "body" event) when it differs from what the page shows, until the page goes,
 * the person's session ends, or the last frame ("end") has been sent. A comment every few
 * seconds finds a page that went while nothing changed.
 */
final class Live {
  /** What the live part shows now, and whether it will change again. */
  record Frame(String html, boolean last) {}

  private static final long KEEP_ALIVE_MILLIS = 15_000;

  private Live() {}

  /**
   * @param allowed whether the request may still be answered (its session live)
   */
  static void follow(SseClient client, ScheduledExecutorService timer, long everyMillis,
      Predicate<Context> allowed, Function<Context, Frame> render) {
    client.keepAlive();
    AtomicReference<ScheduledFuture<?>> pushes = new AtomicReference<>();
    client.onClose(() -> {
      ScheduledFuture<?> p = pushes.get();
      if (p != null) {
        p.cancel(false);
      }
    });
    String[] shown = {""};
    long[] lastSent = {0};
    pushes.set(timer.scheduleWithFixedDelay(() -> {
      try {
        if (client.terminated() || !allowed.test(client.ctx())) {
          throw new IllegalStateException("the page has gone, or its session has ended");
        }
        Frame frame = render.apply(client.ctx());
        long now = System.currentTimeMillis();
        if (!frame.html().equals(shown[0])) {
          shown[0] = frame.html();
          client.sendEvent("body", frame.html());
          lastSent[0] = now;
        } else if (now - lastSent[0] > KEEP_ALIVE_MILLIS) {
          client.sendComment("still here");
          lastSent[0] = now;
        }
        if (frame.last()) {
          client.sendEvent("end", "ended");
          throw new IllegalStateException("the last frame has been sent");
        }
      } catch (RuntimeException e) {
        client.close(); // a page still open reconnects by itself
        throw e; // and this task runs no more
      }
    }, 0, everyMillis, TimeUnit.MILLISECONDS));
    if (client.terminated()) {
      pushes.get().cancel(false);
    }
  }
}
