package io.nearline.recovery.postgres;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.common.config.InvalidConfigException;
import io.nearline.common.config.Validation;
import io.nearline.common.json.Json;
import io.nearline.recovery.Standby;
import java.util.Map;

/** What a PostgreSQL standby (or primary's host) says beside the fields every standby has. */
public record PostgresStandbySettings(
    @Describe("The PostgreSQL binaries there, such as /usr/lib/postgresql/15/bin")
    @Check.Required @Check.AbsolutePath String pgBin,
    @Describe("Where the restored cluster goes; must be empty, Nearline's own earlier restore, "
        + "or the standby marked disposable") @Check.Required @Check.AbsolutePath
    String dataDirectory,
    @Describe("The port PostgreSQL listens on there") @Check.Port int pgPort) {

  /**
   * The settings of {@code server}, checked; an unknown or wrong one is named by field.
   *
   * @throws InvalidConfigException naming the field at fault
   */
  static PostgresStandbySettings of(Standby server) {
    return Validation.valid(Json.read(Json.write(server.settings()),
        PostgresStandbySettings.class));
  }

  Map<String, Object> asMap() {
    return Map.of("pgBin", pgBin, "dataDirectory", dataDirectory, "pgPort", pgPort);
  }
}
