package io.nearline.drills.postgres;

import io.nearline.common.process.Program;
import io.nearline.directory.CompareAndSwap;
import io.nearline.directory.Directory;
import io.nearline.directory.ServiceEntries;
import io.nearline.drills.probe.Probe;
import io.nearline.drills.probe.ProbeResult;
import io.nearline.drills.probe.ProbeRun;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.recovery.steps.LdapChanges;
import io.nearline.shadow.postgres.PostgresConnector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client that finds the drill's server the way production clients find theirs: through a
 * libpq LDAP service entry. The drill makes its own copy of the production entry ({@code
 * cn=<service>-drill-<id>}) in the policy's drill subtree, pointing at the drill's server, has
 * psql connect through it, and deletes it. The production entry is only read. Copies an
 * interrupted drill left behind are deleted by the next one.
 */
public final class LdapServiceProbe implements Probe {
  @Override
  public String kind() {
    return "ldap-service";
  }

  @Override
  public Set<String> applications() {
    return Set.of(PostgresConnector.KIND);
  }

  @Override
  public ProbeResult run(ProbeSpec spec, ProbeRun run) throws Exception {
    DirectoryPlan plan = run.policy().directory();
    String drillBase = run.policy().drills().servicesBase();
    if (plan == null || plan.servicesBase() == null || drillBase == null
        || drillBase.isBlank()) {
      return ProbeResult.failed("the policy names no directory, service entries or drill "
          + "subtree (drills.servicesBase)", "");
    }
    if (CompareAndSwap.same(drillBase, plan.servicesBase())) {
      return ProbeResult.failed("the drill subtree is the production one (" + drillBase
          + "): a drill never writes there", "");
    }
    DrillServer server = run.server();
    String prefix = spec.service() + "-drill-";
    String name = prefix + run.drill();
    StringBuilder evidence = new StringBuilder();
    try (Directory directory = LdapChanges.connect(plan)) {
      Map<String, String> keywords = new LinkedHashMap<>(directory.serviceEntries(
          plan.servicesBase()).read(spec.service()).keywords());
      // Only the drill's server: hostaddr would win over host, and lead to production.
      keywords.remove("hostaddr");
      keywords.put("host", server.host());
      keywords.put("port", String.valueOf(server.port()));
      ServiceEntries drills = directory.serviceEntries(drillBase);
      for (String stale : drills.names(prefix)) {
        drills.delete(stale);
        evidence.append("deleted ").append(stale).append(", left by an interrupted drill\n");
      }
      List<String> values = new ArrayList<>();
      keywords.forEach((k, v) -> values.add(k + "=" + v));
      evidence.append("created ").append(drills.create(name, values).dn()).append(": ")
          .append(values.stream().map(v -> v.startsWith("password=") ? "password=…" : v)
              .toList()).append('\n');
      ProbeResult result;
      try {
        result = connectThrough(directory, drillBase, name, server, run, evidence);
      } finally {
        deleteEvenIfInterrupted(drills, name);
      }
      return new ProbeResult(result.passed(), result.summary(), evidence.append("deleted ")
          .append(name).append('\n').toString());
    }
  }

  /** A timed-out probe is interrupted; its entry must go all the same. */
  private static void deleteEvenIfInterrupted(ServiceEntries drills, String name)
      throws Exception {
    boolean interrupted = Thread.interrupted();
    try {
      drills.delete(name);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ProbeResult connectThrough(Directory directory, String base, String name,
      DrillServer server, ProbeRun run, StringBuilder evidence) throws Exception {
    URI ldap = URI.create(directory.settings().url());
    Path services = Files.createTempFile("nearline-drill-services", ".conf");
    try {
      Files.writeString(services, "[" + name + "]\nldap://" + ldap.getHost() + ":"
          + (ldap.getPort() < 0 ? 389 : ldap.getPort()) + "/" + base + "?description?one?(cn="
          + name + ")\n");
      Program.Result r = Program.of(Path.of(server.tools(), "psql").toString(),
          "service=" + name + " user=" + server.user() + " connect_timeout=10", "-XAtc",
          "SELECT current_setting('port')").env("PGSERVICEFILE", services.toString())
          .timeout(run.timeout()).exec();
      evidence.append("psql service=").append(name).append(" -> port ")
          .append(r.output().strip()).append(r.errorOutput()).append('\n');
      if (r.exitCode() != 0) {
        return ProbeResult.failed("psql could not connect through " + name + ": "
            + r.errorOutput().strip(), evidence.toString());
      }
      return r.output().strip().equals(String.valueOf(server.port()))
          ? ProbeResult.passed("a client reached the drill's server through " + name,
              evidence.toString())
          : ProbeResult.failed("the service entry led to port " + r.output().strip() + ", not "
              + "the drill's " + server.port(), evidence.toString());
    } finally {
      Files.deleteIfExists(services);
    }
  }
}
