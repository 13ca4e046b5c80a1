package io.nearline.server.collect;

import io.nearline.server.smb.ShareLocation;
import io.nearline.shadow.Connectors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What it takes to protect a server. Validated here, once, for the CLI, the REST API and (later)
 * the wizard alike.
 *
 * @param name how Nearline calls the server: lower-case letters, digits, '-' and '_'
 * @param kind the application, such as {@code postgresql}
 * @param share the folder the primary archives its log into, {@code smb://host[:port]/share/dir/}
 * @param user the SMB user, optionally {@code DOMAIN\\user}
 * @param password the SMB password; sealed before it is stored, never logged
 * @param primary how to reach the primary's database for its identity and baselines
 * @param surrogate whether to seed a baseline and keep a surrogate (default yes)
 */
public record ProtectRequest(String name, String kind, String share, String user,
    String password, String primary, Boolean surrogate) {

  public boolean wantsSurrogate() {
    return surrogate == null || surrogate;
  }

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** Field name to error message for every invalid field; empty if the request is valid. */
  public Map<String, String> problems() {
    Map<String, String> p = new LinkedHashMap<>();
    if (name == null || !NAME.matcher(name).matches()) {
      p.put("name", "1 to 63 of a-z, 0-9, '-' and '_', starting with a letter or digit");
    }
    if (kind == null || kind.isBlank()) {
      p.put("kind", "required, such as postgresql");
    } else {
      try {
        Connectors.forKind(kind);
      } catch (IllegalArgumentException e) {
        p.put("kind", e.getMessage());
      }
    }
    if (share == null) {
      p.put("share", "required: smb://host[:port]/share/folder/");
    } else {
      try {
        ShareLocation.parse(share);
      } catch (IllegalArgumentException e) {
        p.put("share", e.getMessage());
      }
    }
    if (user == null || user.isBlank()) {
      p.put("user", "required: the SMB user that may read the share");
    }
    if (password == null || password.isEmpty()) {
      p.put("password", "required");
    }
    if (primary == null || primary.isBlank()) {
      p.put("primary", "required: a connection string for the primary, such as "
          + "'host=db1 port=5432 user=nearline dbname=postgres'");
    }
    return p;
  }

  @Override
  public String toString() {
    return "ProtectRequest[name=" + name + ", kind=" + kind + ", share=" + share + ", user=" + user
        + ", password=***, primary=" + primary + ", surrogate=" + surrogate + "]";
  }
}
