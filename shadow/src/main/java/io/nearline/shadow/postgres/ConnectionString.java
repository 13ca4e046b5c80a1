package io.nearline.shadow.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A libpq keyword/value connection string ({@code host=db1 port=5432 user=nearline dbname=postgres}),
 * and the one place Nearline turns one into a JDBC connection. Passwords are refused: they would
 * end up in the catalog; use {@code ~/.pgpass} or trust.
 */
public record ConnectionString(Map<String, String> keywords) {
  private static final Set<String> KNOWN =
      Set.of("host", "port", "dbname", "user", "sslmode", "application_name", "connect_timeout");

  public static ConnectionString parse(String text) {
    Map<String, String> kw = new LinkedHashMap<>();
    for (String part : text.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("connection string: expected keyword=value, got '" + part + "'");
      }
      String key = part.substring(0, eq);
      if (key.equals("password")) {
        throw new IllegalArgumentException(
            "connection string must not hold a password: use ~/.pgpass on the near-line host");
      }
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("connection string: unknown keyword '" + key
            + "' (known: " + String.join(", ", KNOWN) + ")");
      }
      kw.put(key, part.substring(eq + 1));
    }
    if (!kw.containsKey("host")) {
      throw new IllegalArgumentException("connection string needs host=");
    }
    return new ConnectionString(Map.copyOf(kw));
  }

  public String host() {
    return keywords.get("host");
  }

  public int port() {
    return Integer.parseInt(keywords.getOrDefault("port", "5432"));
  }

  public String user() {
    return keywords.getOrDefault("user", "postgres");
  }

  public String dbname() {
    return keywords.getOrDefault("dbname", "postgres");
  }

  /**
   * Connects as a client would.
   *
   * @param purpose the application name the server shows for the connection
   * @param connectTimeoutSeconds how long to try to connect, unless the string says
   * @param socketTimeoutSeconds how long one query may wait for an answer; 0 for ever
   */
  public Connection open(String purpose, int connectTimeoutSeconds, int socketTimeoutSeconds)
      throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user());
    p.setProperty("connectTimeout",
        keywords.getOrDefault("connect_timeout", String.valueOf(connectTimeoutSeconds)));
    p.setProperty("socketTimeout", String.valueOf(socketTimeoutSeconds));
    p.setProperty("ApplicationName", keywords.getOrDefault("application_name", purpose));
    if (keywords.containsKey("sslmode")) {
      p.setProperty("sslmode", keywords.get("sslmode"));
    }
    return DriverManager.getConnection("jdbc:postgresql://" + host() + ":" + port() + "/"
        + dbname(), p);
  }

  /** {@code host:port}, for messages. */
  public String describe() {
    return host() + ":" + port();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    keywords.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=')
        .append(v));
    return b.toString();
  }
}
