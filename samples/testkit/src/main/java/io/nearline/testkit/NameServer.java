package io.nearline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private BIND named on a loopback port, primary for {@code example.com}, accepting RFC 2136
 * updates signed with one TSIG key (hmac-sha256). The zone starts with {@code db1} pointing at
 * 10.0.0.1. Needs root (named keeps running as it).
 */
public final class NameServer implements AutoCloseable {
  public static final String ZONE = "example.com.";
  public static final String KEY_NAME = "nearline-key.";
  public static final String KEY_ALGORITHM = "hmac-sha256";
  public static final String KEY_SECRET = "bmVhcmxpbmUtdGVzdC10c2lnLWtleS0wMTIzNDU2Nzg=";

  private final Path dir;
  private final int port;
  private final Process named;

  private NameServer(Path dir, int port, Process named) {
    this.dir = dir;
    this.port = port;
    this.named = named;
  }

  public static NameServer start(Path dir) {
    try {
      Files.createDirectories(dir);
      int port = Ports.free();
      Files.writeString(dir.resolve("example.com.zone"), """
          $TTL 60
          @    IN SOA ns.example.com. admin.example.com. 1 60 60 600 60
          @    IN NS  ns.example.com.
          ns   IN A   127.0.0.1
          db1  IN A   10.0.0.1
          """);
      Files.writeString(dir.resolve("named.conf"), """
          options {
            directory "%1$s";
            pid-file "%1$s/named.pid";
            listen-on port %2$d { 127.0.0.1; };
            listen-on-v6 { none; };
            recursion no;
            dnssec-validation no;
          };
          controls { };
          key "%3$s" { algorithm %4$s; secret "%5$s"; };
          zone "example.com" {
            type primary;
            file "%1$s/example.com.zone";
            allow-update { key "%3$s"; };
          };
          """.formatted(dir, port, KEY_NAME, KEY_ALGORITHM, KEY_SECRET));
      Files.writeString(dir.resolve("tsig.secret"), KEY_SECRET + "\n");
      Process p = Command.start(dir, dir.resolve("named.log"), List.of("/usr/sbin/named", "-g",
          "-n", "1", "-c", dir.resolve("named.conf").toString()));
      Ports.awaitListening(port, Duration.ofSeconds(20), p);
      return new NameServer(dir, port, p);
    } catch (IOException e) {
      throw new IllegalStateException("cannot set up named in " + dir + ": " + e, e);
    }
  }

  public int port() {
    return port;
  }

  /** A file holding the TSIG key's secret (base64), as an operator would keep it. */
  public Path secretFile() {
    return dir.resolve("tsig.secret");
  }

  /** What {@code dig} answers for {@code name}'s records of {@code type}, one per line. */
  public String dig(String name, String type) {
    return Command.run(dir, "dig", "@127.0.0.1", "-p", String.valueOf(port), "+short", name,
        type).strip();
  }

  @Override
  public void close() {
    Command.stop(named);
  }
}
