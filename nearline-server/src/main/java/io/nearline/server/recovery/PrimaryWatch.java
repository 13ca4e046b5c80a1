package io.nearline.server.recovery;

import io.nearline.recovery.spi.RecoveryEnvironment.PrimaryActivity;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.IdentityUnavailableException;
import io.nearline.shadow.Position;
import io.nearline.shadow.PrimaryConnection;
import io.nearline.shadow.ShadowException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notes, once a second, whether each primary's log position moved: the last moment a primary
 * was seen writing is where a failover's RPO is measured from, since a dead primary can no
 * longer be asked. One light question on an open connection; a primary that does not answer is
 * simply not noted.
 */
final class PrimaryWatch {
  private final Map<String, PrimaryConnection> connections = new ConcurrentHashMap<>();
  private final Map<String, Position> lastPosition = new ConcurrentHashMap<>();
  private final Map<String, PrimaryActivity> activity = new ConcurrentHashMap<>();
  /** Servers removed, by catalog id: a round that listed one before it went never reopens. */
  private final Set<Integer> removed = ConcurrentHashMap.newKeySet();

  synchronized void look(ProtectedServerRow server) {
    if (removed.contains(server.id())) {
      return;
    }
    try {
      PrimaryConnection c = connections.get(server.name());
      if (c == null) {
        c = Connectors.forKind(server.kind()).connect(server.primaryConnection(),
            "nearline-watch");
        connections.put(server.name(), c);
      }
      Position now = c.currentPosition();
      Position before = lastPosition.put(server.name(), now);
      if (before != null && !before.equals(now)) {
        activity.put(server.name(), new PrimaryActivity(Instant.now(), now));
      }
    } catch (IdentityUnavailableException | ShadowException e) {
      forget(server.name());
    }
  }

  Optional<PrimaryActivity> activity(String server) {
    return Optional.ofNullable(activity.get(server));
  }

  /** Stops watching a server for good: its connection is closed when this returns. */
  synchronized void removed(ProtectedServerRow server) {
    removed.add(server.id());
    forget(server.name());
    lastPosition.remove(server.name());
    activity.remove(server.name());
  }

  /** Closes the server's connection; the next look opens a new one. */
  synchronized void forget(String server) {
    PrimaryConnection c = connections.remove(server);
    if (c != null) {
      c.close();
    }
  }

  synchronized void close() {
    connections.keySet().forEach(this::forget);
  }
}
