package io.nearline.server.recovery;

import io.nearline.common.config.Validation;
import io.nearline.recovery.PointKind;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.catalog.Tags;
import io.nearline.services.NearlineException;
import io.nearline.services.RecoveryPoints;
import io.nearline.services.Tag;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.IdentityUnavailableException;
import io.nearline.shadow.Position;
import io.nearline.shadow.PrimaryConnection;
import io.nearline.shadow.ShadowException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named recovery points. A tag taken now marks the primary's log with a point of the same name
 * (so it is visible in the log too) and records where it is; a tag may also name a known past
 * position. Tags are never moved: a name means one point for good.
 */
public final class RecoveryTags implements RecoveryPoints {
  private final ProtectedServers servers;
  private final Tags tags;

  public RecoveryTags(Catalog catalog) {
    this.servers = new ProtectedServers(catalog);
    this.tags = new Tags(catalog);
  }

  @Override
  public Tag add(String server, String tag, String position) {
    ProtectedServerRow row = server(server);
    ApplicationConnector connector = Connectors.forKind(row.kind());
    Map<String, String> problems = Validation.problems(new RecoveryPoint(PointKind.TAG, tag));
    if (!problems.isEmpty()) {
      throw new NearlineException(400, "tag " + problems.get("value"), Map.of("tag",
          problems.get("value")), null);
    }
    Position at = position == null ? null : parse(connector, position);
    // Refused before the primary is marked, so a repeat leaves no stray point in its log.
    Optional<Tags.TagRow> existing = tags.find(row.id(), tag);
    if (existing.isPresent()) {
      throw new NearlineException(409, server + " already has tag " + tag + " at "
          + existing.get().position() + "; tags are not moved");
    }
    Tag t = new Tag(tag, at == null ? markPoint(row, connector, tag) : at, Instant.now());
    tags.add(row.id(), new Tags.TagRow(t.tag(), t.position().text(), t.createdAt()));
    return t;
  }

  @Override
  public List<Tag> list(String server) {
    ProtectedServerRow row = server(server);
    ApplicationConnector connector = Connectors.forKind(row.kind());
    return tags.all(row.id()).stream().map(t -> new Tag(t.tag(),
        connector.parsePosition(t.position()), t.createdAt())).toList();
  }

  /** The position recorded under {@code tag}. */
  public Position position(String server, String tag) {
    ProtectedServerRow row = server(server);
    return tags.find(row.id(), tag).map(t -> Connectors.forKind(row.kind())
        .parsePosition(t.position())).orElseThrow(() -> new IllegalStateException(server
            + " has no tag " + tag + "; `nearline tag list " + server + "` shows its tags"));
  }

  private static Position parse(ApplicationConnector connector, String position) {
    try {
      return connector.parsePosition(position);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage(), Map.of("position", e.getMessage()), e);
    }
  }

  private static Position markPoint(ProtectedServerRow row, ApplicationConnector connector,
      String tag) {
    try (PrimaryConnection primary = connector.connect(row.primaryConnection(), "nearline")) {
      return primary.markPoint(tag);
    } catch (IdentityUnavailableException | ShadowException e) {
      throw new NearlineException(503, "cannot mark a point in " + row.name() + "'s log ("
          + e.getMessage() + "); give a position to tag a known point");
    }
  }

  private ProtectedServerRow server(String name) {
    return servers.find(name).orElseThrow(() -> NearlineException.notFound(name));
  }
}
