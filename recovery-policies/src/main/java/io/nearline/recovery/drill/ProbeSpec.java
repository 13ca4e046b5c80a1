package io.nearline.recovery.drill;

import io.nearline.common.config.Check;
import io.nearline.common.config.CrossChecked;
import io.nearline.common.config.Describe;
import io.nearline.common.config.Problems;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One check a drill runs against the restored service. Which fields a kind reads is the probe's
 * to say ({@code sql} and {@code expect} for sql, {@code tables} for table-checksum, and so on);
 * what holds for every kind is checked here.
 */
public record ProbeSpec(
    @Describe("sql, table-checksum, amcheck, ldap-service, ews-mailbox or script")
    @Check.Required @Check.Matches(regex = "[a-z][a-z0-9-]{0,31}", means = "a probe kind")
    String kind,
    @Describe("A name for the report; the kind unless given") String name,
    @Describe("Seconds the probe may take before it fails; 60 unless given")
    @Check.Range(min = 1, max = 86_400) Integer timeoutSeconds,
    @Describe("sql: the query to run") String sql,
    @Describe("sql: the result expected, rows on lines, columns separated by |") String expect,
    @Describe("table-checksum: the tables whose row counts and checksums must equal the "
        + "surrogate's at the drill's recovery point") List<String> tables,
    @Describe("script: the command, run by bash on the near-line with PGHOST, PGPORT, PGUSER "
        + "and PGDATABASE set to the drill's server; passes when it exits 0") String command,
    @Describe("ldap-service: the service entry clients use; the drill makes a copy of it in "
        + "the policy's drill subtree, pointing at the drill's server") String service,
    @Describe("ews-mailbox: the mailbox's SMTP address, and the EWS endpoint and user")
    Map<String, String> ews) implements CrossChecked {

  public static final int DEFAULT_TIMEOUT_SECONDS = 60;
  /** A table as SQL takes it unquoted: name or schema.name. */
  private static final Pattern TABLE = Pattern.compile(
      "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> EWS = Set.of("url", "mailbox", "user", "passwordFile",
      "minItems");

  public ProbeSpec {
    tables = tables == null ? List.of() : List.copyOf(tables);
    ews = ews == null ? Map.of() : Map.copyOf(ews);
  }

  /** The name the report uses. */
  public String label() {
    return name == null || name.isBlank() ? kind : name;
  }

  public int timeout() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }

  @Override
  public void check(Problems problems) {
    switch (kind == null ? "" : kind) {
      case "sql" -> {
        if (sql == null || sql.isBlank()) {
          problems.add("sql", "is required by a sql probe");
        }
      }
      case "table-checksum" -> {
        if (tables.isEmpty()) {
          problems.add("tables", "is required by a table-checksum probe: name at least one");
        }
        for (String table : tables) {
          if (table == null || !TABLE.matcher(table).matches()) {
            problems.add("tables", "names " + table + "; a table is a name or schema.name of "
                + "letters, digits and _");
          }
        }
      }
      case "script" -> {
        if (command == null || command.isBlank()) {
          problems.add("command", "is required by a script probe");
        }
      }
      case "ldap-service" -> {
        if (service == null || !SERVICE.matcher(service).matches()) {
          problems.add("service", "is required by an ldap-service probe: the service entry's "
              + "cn, of letters, digits, '.', '_' and '-'");
        }
      }
      case "ews-mailbox" -> {
        for (String key : List.of("url", "mailbox")) {
          if (!ews.containsKey(key)) {
            problems.add("ews", "needs " + key + " for an ews-mailbox probe");
          }
        }
        for (String key : ews.keySet()) {
          if (!EWS.contains(key)) {
            problems.add("ews", "has no setting " + key + "; it takes " + new TreeSet<>(EWS)
                + " (a password goes in passwordFile, never in the policy)");
          }
        }
        if (ews.containsKey("minItems") && !ews.get("minItems").matches("[0-9]{1,9}")) {
          problems.add("ews", "minItems is a number, not " + ews.get("minItems"));
        }
        if (ews.containsKey("passwordFile") && !ews.get("passwordFile").startsWith("/")) {
          problems.add("ews", "passwordFile is an absolute path on the near-line");
        }
      }
      default -> { } // amcheck takes nothing; the server names a kind it does not have
    }
  }
}
