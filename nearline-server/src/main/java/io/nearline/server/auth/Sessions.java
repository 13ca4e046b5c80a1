package io.nearline.server.auth;

import io.nearline.services.console.Session;
import io.nearline.services.web.Caller;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, in memory: a restart signs everyone out. A session ends after it has been
 * idle for the configured time, or on sign-out.
 */
final class Sessions {
  private record Live(Session session, Instant lastSeen) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Duration idleTimeout;
  private final Clock clock;
  private final ConcurrentHashMap<String, Live> live = new ConcurrentHashMap<>();

  Sessions(Duration idleTimeout, Clock clock) {
    this.idleTimeout = idleTimeout;
    this.clock = clock;
  }

  Session open(Caller caller, String source) {
    Instant now = clock.instant(); // sessions left idle are forgotten here, not only when used
    live.values().removeIf(l -> idle(l, now));
    Session s = new Session(random(), caller, random(), source, clock.instant());
    live.put(s.id(), new Live(s, clock.instant()));
    return s;
  }

  /** The session, its idle time reset; null if there is none or it has been idle too long. */
  Session touch(String id) {
    if (id == null) {
      return null;
    }
    Instant now = clock.instant();
    Live l = live.computeIfPresent(id, (k, v) ->
        idle(v, now) ? null : new Live(v.session(), now));
    return l == null ? null : l.session();
  }

  /** Whether the session is live, its idle time left as it is. */
  boolean isLive(String id) {
    Live l = id == null ? null : live.get(id);
    return l != null && !idle(l, clock.instant());
  }

  private boolean idle(Live l, Instant now) {
    return l.lastSeen().plus(idleTimeout).isBefore(now);
  }

  void close(String id) {
    if (id != null) {
      live.remove(id);
    }
  }

  /** 256 random bits, URL-safe: a session id or a CSRF token. */
  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
