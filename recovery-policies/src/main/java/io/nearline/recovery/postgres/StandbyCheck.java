package io.nearline.recovery.postgres;

import io.nearline.recovery.CheckReport;
import io.nearline.recovery.RecoveryPair;
import io.nearline.recovery.spi.RecoveryEnvironment;
import io.nearline.recovery.standby.StandbyException;
import io.nearline.recovery.standby.StandbyHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a standby can take a redirected restore: reachable, the same PostgreSQL major
 * version as the primary, an empty or disposable data directory, its port free, curl present,
 * Nearline reachable from it for WAL, and the primary's database present in the surrogate it
 * will be copied from. When the pair says how to reach the primary's host, what a failback
 * needs there is checked too.
 */
final class StandbyCheck {
  private final RecoveryEnvironment environment;

  StandbyCheck(RecoveryEnvironment environment) {
    this.environment = environment;
  }

  CheckReport check(RecoveryPair pair) {
    PgServer standby = PgServer.of(pair.standby());
    List<CheckReport.Item> items = new ArrayList<>();
    PgSurrogate surrogate;
    try {
      surrogate = PgSurrogate.of(environment, pair.primary());
      items.add(new CheckReport.Item("surrogate", true, pair.primary() + "'s surrogate replayed"
          + " to " + surrogate.replayed() + ", database " + surrogate.dbname()));
    } catch (Exception e) {
      items.add(new CheckReport.Item("surrogate", false, e.getMessage()));
      return new CheckReport("pair " + pair.name(), items);
    }
    try (StandbyHost host = StandbyHost.connect(standby.standby())) {
      items.add(new CheckReport.Item("reachable", true, host.describe()));
      PostgresStandby pg = new PostgresStandby(standby, host);
      items.add(version(pg, surrogate.majorVersion()));
      DataDirectoryState state = pg.dataDirectoryState();
      // A copy Nearline restored (say, by the last failover) is Nearline's to replace.
      boolean ours = state.isNearlines();
      boolean free = state.isFree() || ours || standby.disposable();
      items.add(new CheckReport.Item("data directory", free, standby.dataDirectory() + " is "
          + state + (free ? "" : " and the standby is not marked disposable")));
      items.add(ours && pg.isRunning()
          ? new CheckReport.Item("port", true, "port " + standby.pgPort() + " serves the copy "
              + "Nearline restored")
          : probe(host, "port", "! (exec 3<>/dev/tcp/127.0.0.1/" + standby.pgPort()
              + ") 2>/dev/null", "port " + standby.pgPort() + " is free",
              "port " + standby.pgPort() + " is in use on the standby"));
      items.add(probe(host, "curl", "command -v curl", "curl is installed",
          "curl is missing; the restored copy fetches WAL with it"));
      String health = standby.standby().nearlineUrl() + "/api/health";
      items.add(reaches(host, "nearline reachable", health, "the standby reaches " + health,
          "the standby cannot reach " + health + "; set nearlineUrl to an address it can"));
    } catch (StandbyException e) {
      items.add(new CheckReport.Item("reachable", false, e.getMessage()));
    }
    if (pair.primaryHost() != null) {
      items.addAll(primaryHost(PgServer.of(pair.primaryHost())));
    }
    return new CheckReport("pair " + pair.name(), items);
  }

  /**
   * Whether a Nearline server answers at {@code url} from the host: asked without a credential
   * it says 401 (anything else is another service, or none). Over TLS it is verified by its
   * certificate.
   */
  private CheckReport.Item reaches(StandbyHost host, String name, String url, String ok,
      String failed) {
    String curl = "curl -s -o /dev/null -w '%{http_code}' --max-time 5";
    String target = "'" + url.replace("'", "") + "'";
    String certificate = environment.serverCertificate();
    if (certificate != null && !url.startsWith("https:")) {
      return new CheckReport.Item(name, false, url + " is plain HTTP, but Nearline serves TLS:"
          + " set nearlineUrl to https://");
    }
    try {
      if (certificate != null) {
        // The certificate comes on standard input: nothing to write, or to leave behind.
        host.run("test \"$(" + curl + " --cacert /dev/stdin " + target + ")\" = 401",
            new java.io.ByteArrayInputStream(
                certificate.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            Duration.ofSeconds(20));
      } else {
        host.run("test \"$(" + curl + " " + target + ")\" = 401", Duration.ofSeconds(20));
      }
      return new CheckReport.Item(name, true, ok);
    } catch (StandbyException e) {
      return new CheckReport.Item(name, false, failed);
    }
  }

  /** What a failback needs of the primary's host: a shell, pg_rewind, its cluster, Nearline. */
  private List<CheckReport.Item> primaryHost(PgServer primary) {
    List<CheckReport.Item> items = new ArrayList<>();
    try (StandbyHost host = StandbyHost.connect(primary.standby())) {
      items.add(new CheckReport.Item("primary host reachable", true, host.describe()));
      PostgresStandby pg = new PostgresStandby(primary, host);
      DataDirectoryState state = pg.dataDirectoryState();
      items.add(new CheckReport.Item("primary data directory",
          state.kind() == DataDirectoryState.Kind.CLUSTER,
          primary.dataDirectory() + " is " + state));
      items.add(probe(host, "pg_rewind", "test -x " + pg.tool("pg_rewind"),
          "pg_rewind is installed", "pg_rewind is missing from " + primary.pgBin()));
      String health = primary.standby().nearlineUrl() + "/api/health";
      items.add(reaches(host, "nearline reachable from the primary", health,
          "the primary reaches " + health,
          "the primary cannot reach " + health + "; pg_rewind fetches old WAL from there"));
    } catch (StandbyException e) {
      items.add(new CheckReport.Item("primary host reachable", false, e.getMessage()));
    }
    return items;
  }

  private static CheckReport.Item version(PostgresStandby pg, int primaryMajor) {
    try {
      String version = pg.version();
      String digits = version.replaceAll(".*\\) ", "").split("\\.")[0];
      boolean same = digits.equals(String.valueOf(primaryMajor));
      return new CheckReport.Item("version", same, version + (same ? ""
          : "; the primary runs " + primaryMajor + " and a copy needs the same major version"));
    } catch (StandbyException e) {
      return new CheckReport.Item("version", false, e.getMessage());
    }
  }

  private static CheckReport.Item probe(StandbyHost host, String name, String command,
      String ok, String failed) {
    try {
      host.run(command, Duration.ofSeconds(20));
      return new CheckReport.Item(name, true, ok);
    } catch (StandbyException e) {
      return new CheckReport.Item(name, false, failed);
    }
  }
}
