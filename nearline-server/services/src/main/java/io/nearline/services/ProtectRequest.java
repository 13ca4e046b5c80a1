package io.nearline.services;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.shadow.Connectors;

/**
 * What it takes to protect a server. Validated once, in the same words for the CLI, the REST
 * API and the console.
 */
public record ProtectRequest(
    @Describe("How Nearline calls the server") @Check.Required
    @Check.Matches(regex = "[a-z0-9][a-z0-9_-]{0,62}",
        means = "1 to 63 of a-z, 0-9, '-' and '_', starting with a letter or digit")
    String name,
    @Describe("The application, such as postgresql") @Check.Required
    @Check.By(KnownKind.class) String kind,
    @Describe("The folder the primary archives its log into, smb://host[:port]/share/folder/")
    @Check.Required @Check.By(ShareUrl.class) String share,
    @Describe("The SMB user that may read the share, optionally DOMAIN\\user") @Check.Required
    String user,
    @Describe("The SMB password; sealed before it is stored, never logged or shown")
    @Check.Required String password,
    @Describe("How to reach the primary's database for its identity and baselines, such as "
        + "'host=db1 port=5432 user=nearline dbname=postgres'") @Check.Required String primary,
    @Describe("Whether to seed a baseline and keep a surrogate; yes unless given")
    Boolean surrogate) {

  @JsonIgnore
  public boolean wantsSurrogate() {
    return surrogate == null || surrogate;
  }

  /** An application some connector on the class path supports. */
  public static final class KnownKind implements Check.Rule {
    @Override
    public String problem(Object value) {
      try {
        Connectors.forKind(value.toString());
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
  }

  /** A folder on an SMB share, written as Nearline reads it. */
  public static final class ShareUrl implements Check.Rule {
    @Override
    public String problem(Object value) {
      try {
        ShareLocation.parse(value.toString());
        return null;
      } catch (IllegalArgumentException e) {
        return e.getMessage();
      }
    }
  }

  @Override
  public String toString() {
    return "ProtectRequest[name=" + name + ", kind=" + kind + ", share=" + share + ", user=" + user
        + ", password=***, primary=" + primary + ", surrogate=" + surrogate + "]";
  }
}
