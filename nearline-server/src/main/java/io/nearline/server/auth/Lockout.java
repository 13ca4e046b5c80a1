package io.nearline.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks a sign-in name after repeated failures, so a password cannot be guessed at speed. Kept
 * in memory: a restart forgets it, which costs a guesser a restart of the server per round.
 */
final class Lockout {
  private record Failures(int count, Instant lockedUntil) {}

  private static final int MAX_NAMES = 10_000;

  private final int maxFailures;
  private final Duration lockFor;
  private final Clock clock;
  private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();

  Lockout(int maxFailures, Duration lockFor, Clock clock) {
    this.maxFailures = maxFailures;
    this.lockFor = lockFor;
    this.clock = clock;
  }

  /** Until when the name is locked, or null if it may try. */
  Instant lockedUntil(String name) {
    Failures f = failures.get(key(name));
    return f != null && f.lockedUntil() != null && f.lockedUntil().isAfter(clock.instant())
        ? f.lockedUntil() : null;
  }

  void failed(String name) {
    if (failures.size() > MAX_NAMES) { // many names tried once: forget those not locked now
      Instant now = clock.instant();
      failures.values().removeIf(f -> f.lockedUntil() == null || f.lockedUntil().isBefore(now));
    }
    failures.compute(key(name), (k, f) -> {
      int count = (f == null || f.lockedUntil() != null ? 0 : f.count()) + 1;
      return new Failures(count, count >= maxFailures ? clock.instant().plus(lockFor) : null);
    });
  }

  void succeeded(String name) {
    failures.remove(key(name));
  }

  private static String key(String name) {
    return name.toLowerCase(java.util.Locale.ROOT);
  }
}
