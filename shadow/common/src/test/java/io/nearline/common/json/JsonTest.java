package io.nearline.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nearline.common.config.InvalidConfigException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Inner(String host, int port) {}

  record Request(String name, Boolean surrogate, List<Inner> hosts, Instant at) {}

  @Test
  void shouldRefuseAnUnknownFieldNamingIt() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> Json.read("{\"name\": \"db1\", \"surogate\": false}", Request.class));
    assertEquals(Map.of("surogate", "is not a field of Request; its fields are at, hosts, name,"
        + " surrogate"), e.fields());
  }

  @Test
  void shouldNameTheFieldOfAValueOfTheWrongType() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> Json.read("{\"hosts\": [{\"host\": \"a\", \"port\": \"x\"}]}", Request.class));
    assertEquals("hosts[0].port", e.fields().keySet().iterator().next());
  }

  @Test
  void shouldReadAndWriteInstantsAsText() {
    Request r = Json.read("{\"name\": \"db1\", \"at\": \"2026-12-02T10:00:00Z\"}", Request.class);
    assertEquals(Instant.parse("2026-12-02T10:00:00Z"), r.at());
    assertEquals(r, Json.read(Json.write(r), Request.class));
  }
}
