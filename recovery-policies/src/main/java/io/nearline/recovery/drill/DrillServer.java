package io.nearline.recovery.drill;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server a drill's probes connect to, as a connector's step reports it in its facts and the
 * probe steps read it back: the service brought up by the drill, or the surrogate at the drill's
 * recovery point to compare it with.
 *
 * @param application the application kind, whose probes apply
 * @param host where a client on the near-line reaches it
 * @param port its port
 * @param database the protected database
 * @param user the account probes connect as
 * @param tools where the application's client programs are (PostgreSQL: its bin directory)
 */
public record DrillServer(String application, String host, int port, String database,
    String user, String tools) {

  /** The facts a step reports for this server, each key prefixed ({@code drill.host}). */
  public Map<String, String> facts(String prefix) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put(prefix + ".application", application);
    facts.put(prefix + ".host", host);
    facts.put(prefix + ".port", String.valueOf(port));
    facts.put(prefix + ".database", database);
    facts.put(prefix + ".user", user);
    facts.put(prefix + ".tools", tools);
    return facts;
  }

  /** The server a step reported under {@code prefix}, or null if it reported none. */
  public static DrillServer fromFacts(Map<String, String> facts, String prefix) {
    if (!facts.containsKey(prefix + ".port")) {
      return null;
    }
    return new DrillServer(facts.get(prefix + ".application"), facts.get(prefix + ".host"),
        Integer.parseInt(facts.get(prefix + ".port")), facts.get(prefix + ".database"),
        facts.get(prefix + ".user"), facts.get(prefix + ".tools"));
  }

  /** The prefix of the server under test. */
  public static final String UNDER_TEST = "drill";
  /** The prefix of the surrogate at the drill's recovery point. */
  public static final String REFERENCE = "reference";
}
