package io.nearline.wizard;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A page that follows changes by itself: the server renders its live part again every so often
 * and sends it (a "body" event) when it differs from what the page shows, until the page goes
 * or the last frame ("end") has been sent.
 */
final class Live {
  /** What the live part shows now, and whether it will change again. */
  record Frame(String html, boolean last) {}

  private Live() {}

  static void follow(SseClient client, ScheduledExecutorService timer, long everyMillis,
      Function<Context, Frame> render) {
    client.keepAlive();
    String[] shown = {""};
    ScheduledFuture<?>[] pushes = new ScheduledFuture<?>[1];
    pushes[0] = timer.scheduleWithFixedDelay(() -> {
      try {
        if (client.terminated()) {
          throw new IllegalStateException("the page has gone");
        }
        Frame frame = render.apply(client.ctx());
        if (!frame.html().equals(shown[0])) {
          shown[0] = frame.html();
          client.sendEvent("body", frame.html().replace("\n", " "));
        }
        if (frame.last()) {
          client.sendEvent("end", "ended");
          client.close();
        }
      } catch (RuntimeException e) {
        client.close(); // the page reconnects if it is still there
      }
    }, 0, everyMillis, TimeUnit.MILLISECONDS);
    client.onClose(() -> {
      if (pushes[0] != null) {
        pushes[0].cancel(false);
      }
    });
  }
}
