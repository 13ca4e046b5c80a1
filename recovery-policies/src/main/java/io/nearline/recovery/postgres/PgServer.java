package io.nearline.recovery.postgres;

import io.nearline.recovery.Standby;
import java.util.Map;

/** A standby or primary host, with its PostgreSQL settings read. */
record PgServer(Standby standby, PostgresStandbySettings pg) {

  static PgServer of(Standby standby) {
    return new PgServer(standby, PostgresStandbySettings.of(standby));
  }

  String name() {
    return standby.name();
  }

  String clientHost() {
    return standby.clientHost();
  }

  int pgPort() {
    return pg.pgPort();
  }

  String dataDirectory() {
    return pg.dataDirectory();
  }

  String pgBin() {
    return pg.pgBin();
  }

  boolean disposable() {
    return standby.disposable();
  }

  /** What a libpq service entry says to send clients here. */
  Map<String, String> clientEndpoint() {
    return Map.of("host", clientHost(), "port", String.valueOf(pgPort()));
  }
}
