package io.nearline.samples.bench;

import io.nearline.server.cli.ApiClient;
import io.nearline.shadow.postgres.ConnectionString;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The peer's surrogate against the active's, sampled side by side over a connection to each.
 * Replay lag is PostgreSQL's sense of it (pg_stat_replication.replay_lag): how long after the
 * active's surrogate first replayed a position the peer's did. Staleness is the difference in
 * the newest commit each has replayed, which also counts the commits one segment spans, since
 * both replay whole segments.
 */
final class ReplayLag implements AutoCloseable {
  private record Sample(long nanos, long lsn, double commitEpoch) {}

  private final Connection active;
  private final Connection peer;
  private final List<Sample> activeSamples = new ArrayList<>();
  private final List<Sample> peerSamples = new ArrayList<>();

  ReplayLag(ApiClient active, ApiClient peer) throws SQLException {
    this.active = open(active);
    try {
      this.peer = open(peer);
    } catch (SQLException | RuntimeException e) {
      this.active.close();
      throw e;
    }
  }

  private static Connection open(ApiClient api) throws SQLException {
    return ConnectionString.parse(api.get("/api/servers/db1").path("surrogate").asText())
        .open("replay lag", 5, 5);
  }

  /** Samples both surrogates once, the peer first so that it is never favoured. */
  void sample() throws SQLException {
    Sample p = replayed(peer);
    Sample a = replayed(active);
    if (a != null && p != null) {
      activeSamples.add(a);
      peerSamples.add(p);
    }
  }

  /** Samples until the peer has replayed all the active had when this was called. */
  void sampleUntilPeerReaches(long timeoutMillis) throws Exception {
    long target = activeSamples.isEmpty() ? 0 : activeSamples.get(activeSamples.size() - 1).lsn;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (System.nanoTime() < deadline
        && (peerSamples.isEmpty() || peerSamples.get(peerSamples.size() - 1).lsn < target)) {
      sample();
      Thread.sleep(50);
    }
  }

  /**
   * Seconds from the active first replaying each position it was seen at to the peer's; a
   * position the peer never reached counts until the last sample, at least.
   */
  List<Double> lagSeconds() {
    List<Double> lags = new ArrayList<>();
    long previous = -1;
    int p = 0;
    for (Sample a : activeSamples) {
      if (a.lsn == previous) {
        continue; // measured from the first time the active was seen there
      }
      previous = a.lsn;
      while (p < peerSamples.size() && peerSamples.get(p).lsn < a.lsn) {
        p++;
      }
      long reached = p < peerSamples.size() ? peerSamples.get(p).nanos
          : peerSamples.get(peerSamples.size() - 1).nanos;
      lags.add(Math.max(0, reached - a.nanos) / 1e9);
    }
    Collections.sort(lags);
    return lags;
  }

  /** Seconds of commits the peer's surrogate trailed the active's, at each sample. */
  List<Double> stalenessSeconds() {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < activeSamples.size(); i++) {
      out.add(Math.max(0, activeSamples.get(i).commitEpoch - peerSamples.get(i).commitEpoch));
    }
    Collections.sort(out);
    return out;
  }

  private static Sample replayed(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn, "
            + "extract(epoch FROM pg_last_xact_replay_timestamp())")) {
      r.next();
      String lsn = r.getString(1);
      double at = r.getDouble(2);
      return lsn == null || r.wasNull() ? null
          : new Sample(System.nanoTime(), Long.parseLong(lsn), at);
    }
  }

  @Override
  public void close() throws SQLException {
    active.close();
    peer.close();
  }
}
