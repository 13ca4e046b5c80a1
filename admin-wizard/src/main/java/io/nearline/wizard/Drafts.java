package io.nearline.wizard;

import io.javalin.http.Context;
import io.nearline.services.console.Session;
import io.nearline.services.web.Caller;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a wizard has been given so far, kept on the server per session: a password typed on one
 * screen is never sent back to the browser in a hidden field. Held in memory; the oldest drafts
 * go first when there are many, and a restart forgets them all.
 */
final class Drafts {
  private static final int MAX = 500;

  private final Map<String, Map<String, String>> drafts = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
          return size() > MAX;
        }
      });

  /** This person's draft of {@code wizard}, made empty if there is none. */
  Map<String, String> of(Context ctx, String wizard) {
    return drafts.computeIfAbsent(key(ctx, wizard), k -> new ConcurrentHashMap<>());
  }

  void finish(Context ctx, String wizard) {
    drafts.remove(key(ctx, wizard));
  }

  /** Forgets every draft of a session that has ended (a password typed into one, say). */
  void forget(String sessionId) {
    synchronized (drafts) {
      drafts.keySet().removeIf(k -> k.endsWith("/" + sessionId));
    }
  }

  private static String key(Context ctx, String wizard) {
    Session session = Session.of(ctx);
    return wizard + "/" + (session != null ? session.id() : Caller.of(ctx).name());
  }
}
