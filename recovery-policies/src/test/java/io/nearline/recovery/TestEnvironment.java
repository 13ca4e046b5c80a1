package io.nearline.recovery;

import io.nearline.common.secret.Secret;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.shadow.Position;
import io.nearline.shadow.ServerIdentity;
import io.nearline.shadow.postgres.Lsn;
import io.nearline.shadow.postgres.PostgresConnector;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The server as recovery tests need it: one protected PostgreSQL 15 server and its surrogate. */
public final class TestEnvironment implements RecoveryEnvironment {
  private final SurrogateAccess surrogate;

  private TestEnvironment(SurrogateAccess surrogate) {
    this.surrogate = surrogate;
  }

  /** A surrogate of PostgreSQL 15 on {@code port}, replayed to {@code replayed}. */
  public static TestEnvironment withSurrogate(int port, String replayed, Instant replayedAt) {
    return new TestEnvironment(new SurrogateAccess("host=127.0.0.1 port=" + port
        + " user=postgres dbname=postgres", new ServerIdentity("1", 16 << 20, "15.18"),
        "nearline", Lsn.parse(replayed), replayedAt, false));
  }

  @Override
  public String applicationKind(String server) {
    return PostgresConnector.KIND;
  }

  /** A credential no server knows: these tests restore from a surrogate, never fetch WAL. */
  @Override
  public Secret logReader(String server, long run) {
    return Secret.of("nl_test-" + server + "-" + run);
  }

  @Override
  public String serverCertificate() {
    return null;
  }

  @Override
  public String primaryConnection(String server) {
    throw new UnsupportedOperationException("no primary in this test");
  }

  @Override
  public SurrogateAccess surrogate(String server) {
    return surrogate;
  }

  @Override
  public List<StoredBaseline> baselines(String server) {
    return List.of();
  }

  @Override
  public Position taggedPosition(String server, String tag) {
    throw new UnsupportedOperationException("no tags here");
  }

  @Override
  public Optional<PrimaryActivity> primaryActivity(String server) {
    return Optional.empty();
  }

  @Override
  public Path holdSurrogate(String server, String reason) {
    throw new UnsupportedOperationException("no surrogate to hold here");
  }

  @Override
  public void releaseSurrogate(String server, String holder) {
  }

  @Override
  public Path instantDirectory(String server, long run) {
    throw new UnsupportedOperationException("no instant copies here");
  }

  @Override
  public void rebaseline(String server, String reason) {
    throw new UnsupportedOperationException("no baselines here");
  }

  @Override
  public void pauseCollection(String server, boolean pause) {
  }
}
