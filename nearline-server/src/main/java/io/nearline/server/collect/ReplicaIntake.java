package io.nearline.server.collect;

import io.nearline.server.catalog.CollectedFiles;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.InvalidLogFileException;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.LogSegmentId;
import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.store.LogStore;
import io.nearline.shadow.store.Sha256;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Log files that arrive from the active near-line, checked as collection checks what it pulls
 * from a share, then stored and committed the same way: the position moves only after both.
 */
final class ReplicaIntake {
  /** What became of a file. */
  enum Outcome { COMMITTED, ALREADY_HELD }

  private final ProtectedServers servers;
  private final CollectedFiles files;
  private final LogStore store;

  ReplicaIntake(ProtectedServers servers, CollectedFiles files, LogStore store) {
    this.servers = servers;
    this.files = files;
    this.store = store;
  }

  /**
   * Checks and commits one file.
   *
   * @param previousSegment the segment the active committed before this one
   * @throws InvalidLogFileException if the bytes are not what the name and checksum promise
   */
  Outcome receive(ProtectedServerRow server, String fileName, byte[] content, String sha256,
      String previousSegment) throws IOException, InvalidLogFileException,
      ReplicaOutOfOrderException {
    if (!Sha256.hex(content).equals(sha256)) {
      throw new InvalidLogFileException(fileName, "arrived with a different SHA-256 than the "
          + "active near-line holds");
    }
    Optional<String> held = files.sha256(server.id(), fileName);
    if (held.isPresent()) {
      if (!held.get().equals(sha256)) {
        throw new ReplicaOutOfOrderException(fileName + " is held here with other content: the two "
            + "near-lines' logs have diverged");
      }
      return Outcome.ALREADY_HELD;
    }
    return commit(server, Connectors.forKind(server.kind()).logFormat(server.identity()),
        fileName, content, previousSegment);
  }

  private <S extends LogSegmentId<S>> Outcome commit(ProtectedServerRow server,
      LogFormat<S> format, String fileName, byte[] content, String previousSegment)
      throws IOException, InvalidLogFileException, ReplicaOutOfOrderException {
    if (format.isCompanion(fileName)) {
      format.validateCompanion(fileName, content);
      files.commitCompanion(server.id(), store.put(server.name(), fileName, content),
          Instant.now());
      return Outcome.COMMITTED;
    }
    S segment = format.parseSegment(fileName).orElseThrow(() -> new InvalidLogFileException(
        fileName, "neither a log segment nor a companion file of " + server.kind()));
    String last = servers.find(server.name()).map(ProtectedServerRow::lastSegment).orElse(null);
    boolean inOrder = last == null || last.equals(previousSegment)
        || format.parseSegment(last).map(segment::follows).orElse(false);
    if (!inOrder) {
      throw new ReplicaOutOfOrderException("gap in the log: " + fileName + " does not follow " + last
          + ", the last segment held here");
    }
    SegmentBounds bounds = format.validateSegment(segment, content);
    files.commitSegments(server.id(), List.of(new CollectedFiles.StoredSegment(segment, bounds,
        store.put(server.name(), fileName, content))), Instant.now());
    return Outcome.COMMITTED;
  }
}
