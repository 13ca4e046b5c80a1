package io.nearline.drills.probe;

import io.nearline.common.process.Program;
import io.nearline.recovery.drill.DrillServer;
import io.nearline.recovery.drill.ProbeSpec;

/**
 * A user's own check: a command run by bash on the near-line with the libpq variables set to
 * the service under test. It passes when it exits 0; its output is the evidence.
 */
public final class ScriptProbe implements Probe {
  @Override
  public String kind() {
    return "script";
  }

  @Override
  public ProbeResult run(ProbeSpec spec, ProbeRun run) throws Exception {
    DrillServer server = run.server();
    Program.Result r = Program.of("bash", "-c", spec.command()).timeout(run.timeout())
        .env("PGHOST", server.host()).env("PGPORT", String.valueOf(server.port()))
        .env("PGUSER", server.user()).env("PGDATABASE", server.database())
        .env("NEARLINE_DRILL_APPLICATION", server.application()).maxOutput(1 << 20).exec();
    String evidence = "$ " + spec.command() + "\n" + r.output() + r.errorOutput()
        + "(exit " + r.exitCode() + ")";
    return r.exitCode() == 0 ? ProbeResult.passed("exited 0", evidence)
        : ProbeResult.failed("exited " + r.exitCode(), evidence);
  }
}
