package io.nearline.server.peer;

import io.nearline.services.peer.NodeRole;
import java.util.List;
import java.util.Map;

/** The JSON payloads of the link's control frames. */
final class Messages {
  private Messages() {}

  /** Who is on each end: sent first by the side that connected, answered in kind. */
  record Hello(String nodeId, NodeRole role, long epoch, String version, long clockMillis) {}

  /** A protected server as the active near-line holds it, password included (the link is TLS). */
  record Server(io.nearline.services.ProtectRequest access, String systemIdentifier,
      long segmentSize, String appVersion, boolean surrogateWanted) {}

  /** The active's configuration: servers, then recovery pairs and policies as a policy file. */
  record Config(List<Server> servers, String policyFile, List<Tag> tags) {}

  record Tag(String server, String tag, String position) {}

  /** Object kinds, in the order a server's objects are applied on the peer. */
  enum Kind { COMPANION, SEGMENT, BASELINE }

  /**
   * One object about to be sent. {@code wireSize} and {@code wireSha256} describe the bytes on
   * the link (recompressed for it); {@code size} and {@code sha256} the object itself, which the
   * peer checks before it commits.
   *
   * @param previousSegment the segment committed before this one on the active, in its order
   * @param baseline the baseline's catalog fields, for a baseline only
   */
  record Offer(String server, Kind kind, String name, long size, String sha256, long wireSize,
      String wireSha256, String encoding, String previousSegment, BaselineFields baseline) {}

  /** What the peer's catalog records of a baseline beside its archive. */
  record BaselineFields(String label, String start, String end, long lineage,
      java.time.Instant endedAt, String nextXid, String takenFrom) {}

  /** Where to go on: the durable length of a partial copy, or {@code have} it already. */
  record Resume(long offset, boolean have) {}

  /** Committed on the peer; with the age of what its surrogate has replayed, if it has one. */
  record Ack(String name, Double rpoSeconds) {}

  /** The object arrived damaged and is asked for again. */
  record Retry(String reason) {}

  /** The object does not continue the peer's log: reported, never skipped. */
  record Gap(String reason) {}

  /** Which of these objects the peer lacks (answered with {@link Missing}). */
  record Inventory(List<Offer> offers) {}

  record Missing(List<String> names) {}

  /** The sender's side of a planned handover, or a promotion told to the old active. */
  record Takeover(String nodeId, long epoch) {}

  record Ok(String message, Map<String, Object> facts) {}

  record Error(String message) {}

  record Ping(long clockMillis) {}

  /** A new near-line joining with a one-time code: its certificate and where it listens. */
  record Join(String secret, String certificate, String nodeId, String linkAddress,
      Map<String, Object> facts) {}
}
