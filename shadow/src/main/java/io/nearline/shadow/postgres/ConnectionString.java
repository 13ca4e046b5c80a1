package io.nearline.shadow.postgres;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A libpq keyword/value connection string ({@code host=db1 port=5432 user=nearline dbname=postgres}).
 * Passwords are refused: they would end up in the catalog; use {@code ~/.pgpass} or trust.
 */
public record ConnectionString(Map<String, String> keywords) {
  private static final java.util.Set<String> KNOWN =
      java.util.Set.of("host", "port", "dbname", "user", "sslmode", "application_name", "connect_timeout");

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

  String jdbcUrl() {
    return "jdbc:postgresql://" + keywords.get("host") + ":" + keywords.getOrDefault("port", "5432")
        + "/" + keywords.getOrDefault("dbname", "postgres");
  }

  Properties properties() {
    Properties p = new Properties();
    p.setProperty("user", keywords.getOrDefault("user", System.getProperty("user.name")));
    p.setProperty("connectTimeout", keywords.getOrDefault("connect_timeout", "10"));
    p.setProperty("ApplicationName", keywords.getOrDefault("application_name", "nearline"));
    if (keywords.containsKey("sslmode")) {
      p.setProperty("sslmode", keywords.get("sslmode"));
    }
    return p;
  }

  String describe() {
    return keywords.get("host") + ":" + keywords.getOrDefault("port", "5432");
  }
}
