package io.nearline.server.cli;

import io.nearline.common.retry.Backoff;
import io.nearline.server.ApiSecurity;
import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.collect.CollectionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "server", description = "Run the Nearline server until stopped (Ctrl-C or SIGTERM).")
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--data-dir", defaultValue = "${env:NEARLINE_DATA:-${sys:user.home}/.nearline}",
      description = "Catalog, log store and key (default: $NEARLINE_DATA or ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "API address (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT,
      description = "API port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--poll-interval", defaultValue = "PT2S",
      description = "How often each share is listed, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(names = "--connections", defaultValue = "4",
      description = "SMB connections per share (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--settle-time", defaultValue = "PT30S",
      description = "How long a short segment must stay unchanged before it counts as truncated (default: ${DEFAULT-VALUE}).")
  Duration settleTime;

  @Option(names = "--store-reserve-mb", defaultValue = "256",
      description = "Free space the log store leaves on its disk, MiB (default: ${DEFAULT-VALUE}).")
  long reserveMb;

  @Option(names = "--max-backoff", defaultValue = "PT2M",
      description = "Longest pause between retries of a failing share (default: ${DEFAULT-VALUE}).")
  Duration maxBackoff;

  @Option(names = "--open-metrics", description = "Let scrapers read /metrics without a token "
      + "(closed by default).")
  boolean openMetrics;

  @Override
  public Integer call() throws Exception {
    CollectionSettings d = CollectionSettings.defaults();
    CollectionSettings settings = d.withPollInterval(pollInterval).withConnections(connections)
        .withSettleTime(settleTime)
        .withRetryBackoff(new Backoff(d.retryBackoff().first(), maxBackoff));
    NearlineServer server = NearlineServer.start(
        new ServerConfig(dataDir, bind, port, reserveMb << 20, settings)
            .withSecurity(new ApiSecurity(openMetrics)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "nearline-shutdown"));
    System.out.println("nearline server listening on http://" + bind + ":" + server.port()
        + " (data in " + dataDir + "; at first start an admin token is written to "
        + dataDir.resolve("admin.token") + ")");
    stopped.await();
    return 0;
  }
}
