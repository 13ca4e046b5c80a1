package io.nearline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private smbd on a loopback port with its own configuration, state and logs under one
 * directory, exporting directories read-only to one user. smbd runs as root (it must switch to
 * the share user); the user is {@link UnprivilegedUser}.
 */
public final class SambaServer implements AutoCloseable {
  public static final String USER = UnprivilegedUser.NAME;

  private final Path dir;
  private final int port;
  private final Map<String, Path> shares = new LinkedHashMap<>();
  private Process smbd;

  private SambaServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Writes the configuration and sets the user's password; call {@link #start()} next. */
  public static SambaServer create(Path dir, String password) {
    SambaServer s = new SambaServer(dir, Ports.free());
    s.writeConfig();
    s.setPassword(password);
    return s;
  }

  public SambaServer share(String name, Path path) {
    shares.put(name, path);
    writeConfig();
    return this;
  }

  public void setPassword(String password) {
    Command.runWithInput(dir, password + "\n" + password + "\n", "smbpasswd", "-c",
        config().toString(), "-s", "-a", UnprivilegedUser.name());
  }

  public void start() {
    smbd = Command.start(dir, dir.resolve("smbd.out"), List.of(
        "smbd", "--foreground", "--configfile=" + config(), "--debug-stdout"));
    Ports.awaitListening(port, Duration.ofSeconds(20), smbd);
  }

  /** Kills smbd and every connection it serves, as a crash or a restart would. */
  public void stop() {
    if (smbd != null && smbd.isAlive()) {
      // smbd leads its own process group; the group holds one child per client connection.
      Command.run(dir, "kill", "-TERM", "--", "-" + smbd.pid());
      try {
        if (!smbd.waitFor(10, TimeUnit.SECONDS)) {
          Command.run(dir, "kill", "-KILL", "--", "-" + smbd.pid());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    smbd = null;
  }

  public void restart() {
    stop();
    start();
  }

  public int port() {
    return port;
  }

  /** The URL of a share as Nearline takes it. */
  public String url(String share) {
    return "smb://127.0.0.1:" + port + "/" + share + "/";
  }

  private Path config() {
    return dir.resolve("smb.conf");
  }

  private void writeConfig() {
    StringBuilder c = new StringBuilder("[global]\n");
    Map<String, String> global = new LinkedHashMap<>();
    global.put("server role", "standalone server");
    global.put("workgroup", "NEARLINE");
    global.put("security", "user");
    global.put("map to guest", "never");
    global.put("smb ports", Integer.toString(port));
    global.put("interfaces", "127.0.0.1");
    global.put("bind interfaces only", "yes");
    global.put("disable netbios", "yes");
    global.put("rpc start on demand helpers", "no");
    global.put("server multi channel support", "no");
    global.put("ntlm auth", "ntlmv2-only");
    global.put("server min protocol", "SMB2_02");
    global.put("load printers", "no");
    global.put("printcap name", "/dev/null");
    global.put("disable spoolss", "yes");
    for (String d : List.of("pid directory", "lock directory", "state directory",
        "cache directory", "private dir", "ncalrpc dir", "binddns dir")) {
      Path p = dir.resolve(d.replace(' ', '-'));
      mkdirs(p);
      global.put(d, p.toString());
    }
    global.put("passdb backend", "tdbsam:" + dir.resolve("private-dir/passdb.tdb"));
    global.put("log file", dir.resolve("smbd.log").toString());
    global.put("log level", "1");
    global.forEach((k, v) -> c.append("  ").append(k).append(" = ").append(v).append('\n'));
    shares.forEach((name, path) -> c.append('[').append(name).append("]\n")
        .append("  path = ").append(path).append('\n')
        .append("  read only = yes\n")
        .append("  valid users = ").append(UnprivilegedUser.name()).append('\n'));
    try {
      Files.writeString(config(), c);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + config(), e);
    }
  }

  private static void mkdirs(Path p) {
    try {
      Files.createDirectories(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
