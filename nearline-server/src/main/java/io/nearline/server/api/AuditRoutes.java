package io.nearline.server.api;

import io.nearline.server.auth.AuditLog;
import io.nearline.services.Nearline;
import io.nearline.services.NearlineException;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The audit log, read-only: the API has no way to change an entry. Admins only. */
public final class AuditRoutes implements WebModule {
  private final AuditLog audit;

  public AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  /** What checking the chain found. */
  public record Verified(long entries, boolean intact, String broken) {}

  @Override
  public void register(Routes routes, Nearline services) {
    routes.get("/api/audit", RouteDoc.admin("Audit entries, oldest first")
            .answersListOf(AuditLog.Entry.class)
            .query("since", "ISO-8601 instant: entries at or after it")
            .query("limit", "at most this many (default 1000)"),
            ctx -> ctx.json(audit.since(since(ctx.queryParam("since")),
                limit(ctx.queryParam("limit")))))
        .get("/api/audit/verify", RouteDoc.admin("Recompute every entry's hash: finds an entry "
            + "changed, removed or inserted in the catalog directly").answers(Verified.class),
            ctx -> {
              AuditLog.Verification v = audit.verify();
              ctx.json(new Verified(v.entries(), v.intact(), v.broken().orElse(null)));
            });
  }

  private static Instant since(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new NearlineException(400, "since: not an ISO-8601 instant such as "
          + "2026-12-01T00:00:00Z: " + text);
    }
  }

  private static int limit(String text) {
    try {
      int limit = text == null ? 1000 : Integer.parseInt(text);
      if (limit < 1) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw new NearlineException(400, "limit: a positive whole number, not " + text);
    }
  }
}
