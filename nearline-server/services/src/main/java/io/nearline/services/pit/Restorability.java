package io.nearline.services.pit;

import java.time.Instant;
import java.util.List;

/**
 * The verifier's last word on a server, as status shows it.
 *
 * @param redPoints the kept points that cannot be restored, by position; empty when all pass
 */
public record Restorability(Instant checkedAt, int points, List<String> redPoints,
    Boolean lastOpenPassed) {

  /** What status shows from a check. */
  public static Restorability from(PointCheck check) {
    return new Restorability(check.checkedAt(), check.points(), check.results().stream()
        .filter(p -> !p.green()).map(PointCheck.Point::point).toList(),
        check.opened() == null ? null : check.opened().passed());
  }
}
