package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.nearline.common.json.Json;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.drill.DrillSettings;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.server.api.DescribedAnswers;
import io.nearline.testkit.TestDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sandbox drills against a real primary under load: the primary keeps serving, nobody is
 * re-homed, the probes' evidence and the measured figures land in a chained report, a failing
 * probe fails the drill and it is still cleaned up, and an edited report is caught.
 */
class DrillIT {
  @RegisterExtension final FailoverWorld w = new FailoverWorld();

  @Test
  void shouldRehearseInASandboxWithoutTouchingProductionAndKeepAChainedReport()
      throws Exception {
    w.withDns();
    w.startServer();
    w.f.protectWithSurrogate("db1");
    w.f.awaitStatus("db1", Duration.ofSeconds(120),
        s -> s.path("surrogateState").asText().equals("replaying"));
    w.f.api.post("/api/pairs", w.pair());
    w.f.api.post("/api/policies", drilled("db1-drill", List.of(
        probe("sql", "branches", "SELECT count(*) FROM pgbench_branches", "2"),
        new ProbeSpec("table-checksum", null, null, null, null, List.of("pgbench_branches",
            "pgbench_tellers", "pgbench_accounts"), null, null, null),
        new ProbeSpec("amcheck", null, 120, null, null, null, null, null, null),
        new ProbeSpec("script", "client", null, null, null, null,
            "psql -XAtc 'SELECT 1' && echo \"checked $PGHOST:$PGPORT\"", null, null),
        new ProbeSpec("ldap-service", null, null, null, null, null, null, "db1", null))));
    try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", w.directory.port(),
        TestDirectory.ADMIN_DN, TestDirectory.ADMIN_PASSWORD)) {
      ldap.add("ou=pgdrills," + TestDirectory.BASE_DN, new Attribute("objectClass",
          "organizationalUnit"), new Attribute("ou", "pgdrills"));
    }
    String directoryBefore = directory();
    String dnsBefore = dns();

    CliRun planned = w.cli("drill", "run", "db1-drill", "--dry-run");
    assertEquals(0, planned.exitCode(), planned.out() + planned.err());
    assertTrue(planned.out().contains("planned") && planned.out().contains("sandbox-serve")
        && planned.out().contains("drill-clean-up"), planned.out());

    Process load = w.f.primary.pgbench(2, 25);
    Thread.sleep(3000);
    CliRun drill = w.cli("drill", "run", "db1-drill");
    assertEquals(0, drill.exitCode(), drill.out() + drill.err());
    assertTrue(drill.out().contains(": passed"), drill.out());
    assertTrue(drill.err().contains("sandbox-serve"), "progress is shown: " + drill.err());
    long id = Long.parseLong(drill.out().replaceAll("(?s)^drill (\\d+) .*", "$1"));
    assertEquals(0, load.waitFor(), "pgbench ran through the drill without an error");
    assertEquals(directoryBefore, directory(), "the drill wrote nothing to the directory");
    assertEquals(dnsBefore, dns(), "nor to DNS: not even the zone's serial moved");

    JsonNode result = w.f.api.get("/api/drills/" + id);
    assertEquals("passed", result.path("outcome").asText(), result.toString());
    assertEquals(5, result.path("probesPassed").asInt(), result.toString());
    assertTrue(result.path("rtoSeconds").asDouble() > 0, result.toString());
    assertTrue(result.path("rpoSeconds").isNumber(), result.toString());
    assertTrue(result.path("point").asText().matches("[0-9A-F]+/[0-9A-F]+"), result.toString());
    assertNothingLeft(id);

    CliRun tags = w.cli("tag", "list", "db1");
    assertTrue(tags.out().contains("tested-at-") && tags.out().contains("-drill-" + id),
        tags.out());
    JsonNode report = Json.MAPPER.readTree(w.f.api.getText("/api/drills/" + id
        + "/report?format=json"));
    assertTrue(report.path("probes").get(1).path("evidence").asText()
        .contains("pgbench_accounts: rows=200000"), report.toString());
    String html = w.f.api.getText("/api/drills/" + id + "/report?format=html");
    assertTrue(html.contains("checked 127.0.0.1:") && html.contains("passed"), html);
    assertTrue(html.contains("a client reached the drill's server through db1-drill-" + id),
        html);
    Files.writeString(Path.of("target/example-drill-report.html"), html); // docs/ shows one
    byte[] pdf = w.f.api.getBytes("/api/drills/" + id + "/report?format=pdf");
    try (PDDocument document = Loader.loadPDF(pdf)) {
      String text = new PDFTextStripper().getText(document);
      assertTrue(text.contains("drill " + id) && text.contains("pgbench_accounts: rows=200000"),
          text);
    }

    // A probe that fails: the drill fails, and is cleaned up all the same.
    w.f.api.post("/api/policies", drilled("db1-broken", List.of(probe("sql", "wrong",
        "SELECT count(*) FROM pgbench_branches", "3"))));
    CliRun broken = w.cli("drill", "run", "db1-broken");
    assertEquals(1, broken.exitCode(), broken.out() + broken.err());
    assertTrue(broken.out().contains("deviation: probe wrong failed: expected 3, got 2"),
        broken.out());
    long brokenId = Long.parseLong(broken.out().replaceAll("(?s)^drill (\\d+) .*", "$1"));
    assertNothingLeft(brokenId);
    w.f.awaitStatus("db1", Duration.ofSeconds(60),
        s -> s.path("surrogateState").asText().equals("replaying"));

    // A second passed drill chains to the first; editing the first is caught.
    assertEquals(0, w.cli("drill", "run", "db1-drill").exitCode());
    CliRun intact = w.cli("drill", "verify", "db1-drill");
    assertEquals(0, intact.exitCode(), intact.out());
    assertTrue(intact.out().contains("2 drill reports, chain intact"), intact.out());
    Path first = w.dir.resolve("nearline/drills/db1-drill/drill-" + id + ".json");
    Files.writeString(first, Files.readString(first).replace("\"passed\"", "\"PASSED\""));
    CliRun edited = w.cli("drill", "verify", "db1-drill");
    assertEquals(1, edited.exitCode(), edited.out());
    assertTrue(edited.out().contains("drill " + id + " ") && edited.out().contains("edited"),
        edited.out());

    // Every answer, now with drills, is as the API describes it.
    assertTrue(DescribedAnswers.check(w.url, w.adminToken(), java.util.Map.of("name",
        "db1", "policy", "db1-drill", "drill", String.valueOf(id), "id", String.valueOf(id)))
        >= 14);

    CliRun list = w.cli("drill", "list");
    assertTrue(list.out().contains("db1-broken") && list.out().contains("failed"), list.out());
  }

  private void assertNothingLeft(long run) {
    assertFalse(Files.exists(w.dir.resolve("nearline/surrogates/db1/instant-" + run)),
        "the sandbox's folder is gone");
    JsonNode steps = w.f.api.get("/api/runs/" + run).path("steps");
    JsonNode cleanUp = steps.get(steps.size() - 1);
    assertEquals("drill-clean-up", cleanUp.path("step").asText());
    assertEquals("FINISHED", cleanUp.path("state").asText(), cleanUp.toString());
  }

  private RecoveryPolicy drilled(String name, List<ProbeSpec> probes) {
    RecoveryPolicy p = w.policy(name, RecoveryPoint.LATEST, false);
    return new RecoveryPolicy(p.name(), p.pairs(), p.point(), p.steps(), p.directory(),
        p.dns(), p.restartCommands(), false, 120, 3600, new DrillSettings(probes, 7,
        "ou=pgdrills," + TestDirectory.BASE_DN));
  }

  private static ProbeSpec probe(String kind, String name, String sql, String expect) {
    return new ProbeSpec(kind, name, null, sql, expect, null, null, null, null);
  }

  /** The zone's SOA (its serial moves with any update) and db1's address. */
  private String dns() {
    return w.named.dig("example.com", "SOA") + "\n" + w.named.dig("db1.example.com", "A");
  }

  /** Every entry of the directory as LDIF, sorted: what re-homing would change. */
  private String directory() throws Exception {
    try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", w.directory.port())) {
      try (Stream<SearchResultEntry> entries = ldap.search(TestDirectory.BASE_DN,
          SearchScope.SUB, "(objectClass=*)", "*", "+").getSearchEntries().stream()) {
        return entries.map(SearchResultEntry::toLDIFString).sorted()
            .collect(Collectors.joining("\n"));
      }
    }
  }
}
