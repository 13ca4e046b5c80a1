package io.nearline.samples.quickstart;

import io.nearline.server.NearlineServer;
import io.nearline.server.ServerConfig;
import io.nearline.server.cli.ApiClient;
import io.nearline.server.cli.Main;
import io.nearline.server.collect.CollectionSettings;
import io.nearline.services.ProtectRequest;
import io.nearline.testkit.PostgresPrimary;
import io.nearline.testkit.SambaServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * Runs the whole collection path on this machine: primary, share, server, load, live status.
 * Everything it starts is stopped, in reverse order, on Ctrl-C.
 */
public final class Quickstart {
  private static final Deque<AutoCloseable> started = new ArrayDeque<>();

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args.length > 0 ? args[0] : "quickstart-data").toAbsolutePath();
    Runtime.getRuntime().addShutdownHook(new Thread(Quickstart::stopAll, "quickstart-stop"));
    recreate(base);

    say("starting a PostgreSQL 15 primary that archives its WAL (archive_timeout 10s)");
    PostgresPrimary primary = PostgresPrimary.start(base.resolve("primary"), "archive_timeout = 10s");
    started.push(primary);

    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    say("sharing the archive folder with a private smbd on loopback");
    SambaServer samba = SambaServer.create(base.resolve("samba"), password)
        .share("archive", primary.archiveDir());
    samba.start();
    started.push(samba);

    say("starting the Nearline server (embedded Derby catalog in " + base.resolve("nearline") + ")");
    CollectionSettings d = CollectionSettings.defaults();
    NearlineServer server = NearlineServer.start(new ServerConfig(base.resolve("nearline"),
        "127.0.0.1", freeOrDefault(), 256L << 20, d.withPollInterval(Duration.ofSeconds(1))));
    started.push(server);
    String url = "http://127.0.0.1:" + server.port();

    say("protecting the primary as 'sample-db'");
    new ApiClient(url).post("/api/servers", new ProtectRequest("sample-db", "postgresql",
        samba.url("archive"), SambaServer.USER, password, primary.connectionString(), true));

    say("loading the primary: pgbench scale 10, 2 clients");
    primary.pgbenchInit(10);
    Process pgbench = primary.pgbench(2, 24 * 3600);
    started.push(pgbench::destroy);

    while (true) {
      System.out.print("\033[H\033[2J");
      System.out.flush();
      say("Nearline quickstart, " + java.time.LocalTime.now().withNano(0)
          + "   (Ctrl-C stops everything)");
      say("try in another terminal:  nearline-server/bin/nearline --url " + url + " status --json");
      System.out.println();
      Main.run("--url", url, "status");
      Thread.sleep(2000);
    }
  }

  private static int freeOrDefault() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(ServerConfig.DEFAULT_PORT, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      return ServerConfig.DEFAULT_PORT;
    } catch (java.io.IOException busy) {
      return 0;
    }
  }

  private static void recreate(Path base) throws Exception {
    if (Files.exists(base)) {
      try (var all = Files.walk(base)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(base);
  }

  private static void stopAll() {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      }
    }
    System.out.println("\nquickstart stopped; its files are kept until the next run");
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
