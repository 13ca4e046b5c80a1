package io.nearline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A PostgreSQL 15 primary in {@code <dir>/data}, archiving every completed WAL segment atomically
 * into {@code <dir>/archive} (copy to a hidden temporary name, then rename), as the docs tell
 * operators to do.
 */
public final class PostgresPrimary implements AutoCloseable {
  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path dir;
  private final Path data;
  private final Path archive;
  private final int port;
  private boolean running;

  private PostgresPrimary(Path dir, int port) {
    this(dir, port, dir.resolve("archive"));
  }

  private PostgresPrimary(Path dir, int port, Path archive) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.archive = archive;
    this.port = port;
  }

  /** Creates and starts a cluster; {@code extraSettings} are appended to postgresql.conf. */
  public static PostgresPrimary start(Path dir, String... extraSettings) {
    PostgresPrimary pg = new PostgresPrimary(dir, Ports.free());
    pg.init(List.of(extraSettings));
    pg.startServer();
    return pg;
  }

  private void init(List<String> extraSettings) {
    try {
      Files.createDirectories(archive);
      UnprivilegedUser.own(dir);
      Command.runUnprivileged(dir, BIN.resolve("initdb").toString(), "-D", data.toString(),
          "-U", "postgres", "--auth=trust", "--data-checksums", "-E", "UTF8", "--locale=C");
      String archiveCommand = "test ! -f " + archive + "/%f && cp %p " + archive + "/.%f.tmp"
          + " && mv " + archive + "/.%f.tmp " + archive + "/%f";
      StringBuilder conf = new StringBuilder()
          .append("port = ").append(port).append('\n')
          .append("listen_addresses = '127.0.0.1'\n")
          .append("unix_socket_directories = '").append(dir).append("'\n")
          .append("wal_level = replica\n")
          .append("archive_mode = on\n")
          .append("archive_command = '").append(archiveCommand).append("'\n")
          .append("max_wal_senders = 4\n")
          .append("fsync = off\n")
          .append("shared_buffers = 64MB\n");
      extraSettings.forEach(s -> conf.append(s).append('\n'));
      Files.writeString(data.resolve("postgresql.conf"), conf,
          java.nio.file.StandardOpenOption.APPEND);
      Files.writeString(data.resolve("pg_hba.conf"),
          "local all all trust\nhost all all 127.0.0.1/32 trust\n"
              + "host replication all 127.0.0.1/32 trust\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot configure " + data, e);
    }
  }

  /**
   * A streaming standby of this server in {@code standbyDir}. Once promoted it archives into this
   * server's archive folder, on a new timeline: what a failed-over primary looks like to Nearline.
   */
  public PostgresPrimary startStandby(Path standbyDir) {
    PostgresPrimary standby = new PostgresPrimary(standbyDir, Ports.free(), archive);
    try {
      Files.createDirectories(standbyDir);
      UnprivilegedUser.own(standbyDir);
      Command.runUnprivileged(standbyDir, BIN.resolve("pg_basebackup").toString(), "-h",
          "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-D",
          standby.data.toString(), "-X", "stream", "-R", "-c", "fast");
      Files.writeString(standby.data.resolve("postgresql.auto.conf"), "port = " + standby.port
          + "\nunix_socket_directories = '" + standbyDir + "'\n",
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot configure the standby in " + standbyDir, e);
    }
    standby.startServer();
    return standby;
  }

  /** Promotes a standby: it becomes a primary on the next timeline. */
  public void promote() {
    Command.runUnprivileged(dir, BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
        "promote");
  }

  public void startServer() {
    Command.runUnprivileged(dir, BIN.resolve("pg_ctl").toString(), "-D", data.toString(),
        "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60", "start");
    running = true;
    Ports.awaitListening(port, Duration.ofSeconds(30), null);
  }

  /** Stops at once, as a crash would: no checkpoint, the open WAL segment never archived. */
  public void crash() {
    if (running) {
      Command.runUnprivileged(dir, BIN.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-m", "immediate", "-w", "stop");
      running = false;
    }
  }

  public void stop() {
    if (running) {
      Command.runUnprivileged(dir, BIN.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-m", "fast", "-w", "stop");
      running = false;
    }
  }

  public int port() {
    return port;
  }

  public Path archiveDir() {
    return archive;
  }

  /** A libpq connection string for Nearline's {@code --primary} option. */
  public String connectionString() {
    return "host=127.0.0.1 port=" + port + " user=postgres dbname=postgres";
  }

  /** Runs SQL through psql and returns its unaligned, tuples-only output, trimmed. */
  public String sql(String sql) {
    return Command.runUnprivileged(dir, BIN.resolve("psql").toString(), "-X", "-q", "-A", "-t",
        "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
        "-d", "postgres", "-c", sql).trim();
  }

  public String systemIdentifier() {
    return sql("SELECT system_identifier FROM pg_control_system()");
  }

  /** Closes the current segment and waits until the archiver has copied it. */
  public String switchAndArchive() {
    String closed = sql("SELECT pg_walfile_name(pg_switch_wal())");
    awaitArchived(closed, Duration.ofSeconds(60));
    return closed;
  }

  /** Writes {@code megabytes} of WAL or more with a throwaway table. */
  public void writeWal(int megabytes) {
    sql("CREATE TABLE IF NOT EXISTS filler (id bigserial, pad text)");
    sql("INSERT INTO filler (pad) SELECT repeat(md5(g::text), 8) FROM generate_series(1, "
        + megabytes * 2500 + ") g");
  }

  public void awaitArchived(String fileName, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(archive.resolve(fileName))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(fileName + " not archived after " + timeout);
      }
      Ports.sleep(50);
    }
  }

  /** Initializes pgbench tables at {@code scale}. */
  public void pgbenchInit(int scale) {
    Command.runUnprivileged(dir, BIN.resolve("pgbench").toString(), "-i", "-q", "-s",
        Integer.toString(scale), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
        "postgres");
  }

  /** Starts pgbench in the background for {@code seconds}. */
  public Process pgbench(int clients, int seconds) {
    return Command.startUnprivileged(dir, dir.resolve("pgbench.log"), List.of(
        BIN.resolve("pgbench").toString(), "-c", Integer.toString(clients), "-T",
        Integer.toString(seconds), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U",
        "postgres", "postgres"));
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (RuntimeException e) {
      Command.runUnprivileged(dir, BIN.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-m", "immediate", "stop");
    }
  }
}
