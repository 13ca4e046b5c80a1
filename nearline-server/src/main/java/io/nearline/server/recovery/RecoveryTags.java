package io.nearline.server.recovery;

import io.nearline.recovery.InvalidPolicyException;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.catalog.Tags;
import io.nearline.server.catalog.Tags.Tag;
import io.nearline.server.collect.NearlineException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Named recovery points. A tag taken now marks the primary's WAL with a restore point of the
 * same name (so it is visible in the log too) and records where it is; a tag may also name a
 * known past position. Tags are never moved: a name means one point for good.
 */
public final class RecoveryTags {
  private final ProtectedServers servers;
  private final Tags tags;

  public RecoveryTags(Catalog catalog) {
    this.servers = new ProtectedServers(catalog);
    this.tags = new Tags(catalog);
  }

  /** Tags {@code position}, or the primary's current position when it is null. */
  public Tag add(String server, String tag, String position) {
    ProtectedServerRow row = server(server);
    try {
      new RecoveryPoint("tag", tag).validate();
      if (position != null) {
        new RecoveryPoint("lsn", position).validate();
      }
    } catch (InvalidPolicyException e) {
      throw new NearlineException(400, e.getMessage());
    }
    // Refused before the primary is marked, so a repeat leaves no stray restore point.
    Optional<Tag> existing = tags.find(row.id(), tag);
    if (existing.isPresent()) {
      throw new NearlineException(409, server + " already has tag " + tag + " at "
          + existing.get().position() + "; tags are not moved");
    }
    Tag t = new Tag(tag, position == null ? restorePoint(row, tag) : position.toUpperCase(),
        Instant.now());
    tags.add(row.id(), t);
    return t;
  }

  public List<Tag> list(String server) {
    return tags.all(server(server).id());
  }

  /** The position recorded under {@code tag}. */
  public String position(String server, String tag) {
    return tags.find(server(server).id(), tag).map(Tag::position).orElseThrow(
        () -> new IllegalStateException(server + " has no tag " + tag + "; `nearline tag list "
            + server + "` shows its tags"));
  }

  private static String restorePoint(ProtectedServerRow row, String tag) {
    try (Connection c = PrimaryWatch.open(row.primaryConnection());
         PreparedStatement s = c.prepareStatement("SELECT pg_create_restore_point(?)::text")) {
      s.setString(1, tag);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    } catch (SQLException e) {
      throw new NearlineException(503, "cannot mark a restore point on " + row.name()
          + "'s primary (" + e.getMessage() + "); give a position to tag a known point");
    }
  }

  private ProtectedServerRow server(String name) {
    return servers.find(name).orElseThrow(() -> NearlineException.notFound(name));
  }
}
