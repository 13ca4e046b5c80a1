package io.nearline.drills.postgres;

import io.nearline.drills.probe.Probe;
import io.nearline.drills.probe.ProbeResult;
import io.nearline.drills.probe.ProbeRun;
import io.nearline.common.process.Program;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;
import io.nearline.shadow.postgres.PostgresConnector;
import java.nio.file.Path;
import java.util.Set;

/**
 * pg_amcheck over the restored database: every B-tree index and heap checked for corruption.
 * The amcheck extension is installed in the drill's copy if missing (never in the surrogate).
 */
public final class AmcheckProbe implements Probe {
  @Override
  public String kind() {
    return "amcheck";
  }

  @Override
  public Set<String> applications() {
    return Set.of(PostgresConnector.KIND);
  }

  @Override
  public ProbeResult run(ProbeSpec spec, ProbeRun run) throws Exception {
    DrillServer server = run.server();
    Program.Result r = Program.of(Path.of(server.tools(), "pg_amcheck").toString(),
        "--install-missing", "-h", server.host(), "-p", String.valueOf(server.port()),
        "-U", server.user(), "-d", server.database()).timeout(run.timeout()).maxOutput(1 << 20)
        .exec();
    String evidence = "pg_amcheck exit " + r.exitCode() + "\n" + r.output() + r.errorOutput();
    return r.exitCode() == 0 ? ProbeResult.passed("no corruption found", evidence)
        : ProbeResult.failed("pg_amcheck found problems (exit " + r.exitCode() + ")", evidence);
  }
}
