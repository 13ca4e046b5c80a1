package io.nearline.server.peer;

import io.nearline.services.peer.RoleState;
import io.nearline.server.catalog.Catalog;
import io.nearline.services.peer.NodeRole;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The near_line_role, peer, pairing_code and peer_ack tables. */
final class PeerCatalog {
  private final Jdbi jdbi;

  PeerCatalog(Catalog catalog) {
    this.jdbi = catalog.jdbi();
  }

  /** The paired near-line as stored. */
  record PeerRow(String nodeId, String linkAddress, String certificate, Instant pairedAt,
      String checkReport, boolean checksPassed, Instant checkedAt, String linkSettings) {}

  /** How far the peer has acknowledged one server's files and baselines. */
  record Ack(long logFileId, long baselineId, Instant ackedAt) {
    static final Ack NONE = new Ack(0, 0, null);
  }

  RoleState role() {
    return jdbi.withHandle(h -> h.createQuery("SELECT role, epoch, changed_at, reason "
        + "FROM near_line_role WHERE id = 1").map((r, c) -> new RoleState(
            NodeRole.valueOf(r.getString("role")), r.getLong("epoch"),
            r.getTimestamp("changed_at").toInstant(), r.getString("reason"))).one());
  }

  void setRole(NodeRole role, long epoch, String reason) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE near_line_role SET role = :role, epoch = :epoch, "
        + "changed_at = :now, reason = :reason WHERE id = 1").bind("role", role.name())
        .bind("epoch", epoch).bind("now", Instant.now()).bind("reason", reason).execute());
  }

  Optional<PeerRow> peer() {
    return jdbi.withHandle(h -> h.createQuery("SELECT node_id, link_address, certificate, "
        + "paired_at, check_report, checks_passed, checked_at, link_settings FROM peer WHERE id = 1")
        .map(ConstructorMapper.of(PeerRow.class)).findOne());
  }

  void savePeer(String nodeId, String linkAddress, String certificate) {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM peer").execute();
      h.createUpdate("INSERT INTO peer (id, node_id, link_address, certificate, paired_at) "
          + "VALUES (1, :node, :address, :cert, :now)").bind("node", nodeId)
          .bind("address", linkAddress).bind("cert", certificate).bind("now", Instant.now())
          .execute();
      h.createUpdate("DELETE FROM peer_ack").execute();
    });
  }

  void saveCheck(String reportJson, boolean passed) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE peer SET check_report = :report, "
        + "checks_passed = :passed, checked_at = :now WHERE id = 1").bind("report", reportJson)
        .bind("passed", passed).bind("now", Instant.now()).execute());
  }

  void saveLinkSettings(String json) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE peer SET link_settings = :json WHERE id = 1")
        .bind("json", json).execute());
  }

  void unpair() {
    jdbi.useTransaction(h -> {
      h.createUpdate("DELETE FROM peer").execute();
      h.createUpdate("DELETE FROM peer_ack").execute();
    });
  }

  void addCode(String secretSha256, Instant expiresAt) {
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO pairing_code (secret_sha256, expires_at) "
        + "VALUES (:sha, :expires)").bind("sha", secretSha256).bind("expires", expiresAt)
        .execute());
  }

  /** Uses a code up: true once, if it exists and has not expired. */
  boolean useCode(String secretSha256) {
    return jdbi.withHandle(h -> h.createUpdate("UPDATE pairing_code SET used_at = :now "
        + "WHERE secret_sha256 = :sha AND used_at IS NULL AND expires_at > :now")
        .bind("sha", secretSha256).bind("now", Instant.now()).execute()) == 1;
  }

  Ack ack(int serverId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT log_file_id, baseline_id, acked_at "
        + "FROM peer_ack WHERE server_id = :id").bind("id", serverId)
        .map(ConstructorMapper.of(Ack.class)).findOne()).orElse(Ack.NONE);
  }

  /** Moves a server's acknowledged log file forward, never back. */
  void ackLogFile(int serverId, long logFileId) {
    advance(serverId, "log_file_id", logFileId);
  }

  void ackBaseline(int serverId, long baselineId) {
    advance(serverId, "baseline_id", baselineId);
  }

  private void advance(int serverId, String column, long id) {
    jdbi.useTransaction(h -> {
      int updated = h.createUpdate("UPDATE peer_ack SET " + column + " = :value, acked_at = :now "
          + "WHERE server_id = :id AND " + column + " < :value").bind("value", id)
          .bind("now", Instant.now()).bind("id", serverId).execute();
      if (updated == 0 && h.createQuery("SELECT COUNT(*) FROM peer_ack WHERE server_id = :id")
          .bind("id", serverId).mapTo(Integer.class).one() == 0) {
        h.createUpdate("INSERT INTO peer_ack (server_id, " + column + ", acked_at) "
            + "VALUES (:id, :value, :now)").bind("id", serverId).bind("value", id)
            .bind("now", Instant.now()).execute();
      }
    });
  }
}
