package io.nearline.server;

import io.nearline.common.process.Program;
import io.nearline.server.cli.ApiClient;
import io.nearline.testkit.Ports;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code nearline server} in a JVM of its own, so that it can be killed outright. */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  final ApiClient api;

  final int port;

  private ServerProcess(Process process, int port, Path dataDir) {
    this.process = process;
    this.port = port;
    this.api = ApiClient.withTokenFile("http://127.0.0.1:" + port, dataDir.resolve("admin.token"));
  }

  static ServerProcess start(Path dataDir, Path log) throws IOException {
    return start(dataDir, log, Ports.free());
  }

  /** On a given port: what a restarted server keeps, so standbys still reach it. */
  static ServerProcess start(Path dataDir, Path log, int port) throws IOException {
    return start(dataDir, log, port, Ports.free());
  }

  /** With the near-line peer link on {@code peerPort}. */
  static ServerProcess start(Path dataDir, Path log, int port, int peerPort, String... more)
      throws IOException {
    return start(dataDir, log, port, peerPort, Map.of(), more);
  }

  /** With variables added to its environment. */
  static ServerProcess start(Path dataDir, Path log, int port, int peerPort,
      Map<String, String> env, String... more) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), "io.nearline.server.cli.Main", "server",
        "--data-dir", dataDir.toString(), "--port", Integer.toString(port), "--poll-interval",
        "PT0.2S", "--settle-time", "PT1S", "--store-reserve-mb", "0", "--peer-port",
        Integer.toString(peerPort)));
    command.addAll(List.of(more));
    Program program = Program.of(command);
    env.forEach(program::env);
    Process p = program.start(log);
    Ports.awaitListening(port, Duration.ofSeconds(60), p);
    return new ServerProcess(p, port, dataDir);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill9() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
