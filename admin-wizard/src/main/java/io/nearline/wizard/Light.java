package io.nearline.wizard;

import io.nearline.services.CollectorState;
import io.nearline.services.Event;
import io.nearline.services.Severity;
import io.nearline.services.ServerStatus;
import io.nearline.services.SurrogateState;
import io.nearline.services.peer.LinkState;
import io.nearline.services.peer.PeerLinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A status light: green, amber or red, and the reason in words, one hover or click away. Red
 * means what it protects is at risk now; amber that something needs attention.
 */
public record Light(String color, String reason) {
  static final String GREEN = "green";
  static final String AMBER = "amber";
  static final String RED = "red";
  static final String OFF = "off";
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  public String label() {
    return switch (color) {
      case GREEN -> "OK";
      case AMBER -> "Attention";
      case RED -> "At risk";
      default -> "None";
    };
  }

  /** Log collection from the primary's share. */
  static Light collection(ServerStatus s, List<Event> newestFirst) {
    String why = s.lastError() == null ? "" : ": " + s.lastError();
    CollectorState state = s.state();
    return switch (state) {
      case COLLECTING -> new Light(GREEN, String.format(java.util.Locale.ROOT,
          "collecting; lag %.1f s", s.lagSeconds()));
      case REPLICA -> new Light(GREEN, "received from the active near-line");
      case PAUSED -> new Light(AMBER, "paused by an operator");
      case FENCED -> new Light(AMBER, "fenced: another near-line is active");
      case RETRYING -> new Light(RED, "share unreachable" + since(newestFirst) + why);
      default -> new Light(RED, state.label() + since(newestFirst) + why);
    };
  }

  /** Replay into the surrogate. */
  static Light replay(ServerStatus s) {
    SurrogateState state = s.surrogateState();
    String rpo = s.rpoSeconds() == null ? "" : String.format(java.util.Locale.ROOT,
        "; RPO %.1f s", s.rpoSeconds());
    String why = s.surrogateError() == null ? "" : ": " + s.surrogateError();
    return switch (state) {
      case NONE -> new Light(OFF, "no surrogate kept");
      case REPLAYING -> new Light(GREEN, "replaying" + rpo);
      case SEEDING, STARTING -> new Light(AMBER, state.label() + why);
      case HELD -> new Light(AMBER, "held by a recovery run" + rpo);
      default -> new Light(RED, "replay " + state.label() + why);
    };
  }

  /** Replication of this server's log to the near-line peer; null when there is no peer. */
  static Light peer(PeerLinkStatus p) {
    return p == null ? null : link(p.state(), p.backlogObjects(), p.lastError());
  }

  /** The link to the near-line peer; null when there is no peer. */
  static Light link(LinkState state, Long backlogObjects, String lastError) {
    if (state == LinkState.UNPAIRED) {
      return null;
    }
    String why = lastError == null ? "" : ": " + lastError;
    return switch (state) {
      case CAUGHT_UP, SENDING, RECEIVING -> new Light(GREEN, state.label()
          + (backlogObjects == null ? "" : "; " + backlogObjects + " objects behind"));
      case CONNECTING, DISCONNECTED -> new Light(AMBER, state.label() + why);
      default -> new Light(RED, state.label() + why);
    };
  }

  /** A pair whose drills have not passed for longer than their policy allows. */
  static Light drills(String policy, Instant lastPassed, int limitDays, Instant now) {
    if (lastPassed == null) {
      return new Light(AMBER, "policy " + policy + " has never passed a drill (limit "
          + limitDays + " days)");
    }
    long days = Duration.between(lastPassed, now).toDays();
    return days > limitDays
        ? new Light(AMBER, "no passing drill of " + policy + " for " + days + " days (limit "
            + limitDays + ")")
        : new Light(GREEN, "ready: " + policy + " last passed a drill " + (days == 0 ? "today"
            : days + " day" + (days == 1 ? "" : "s") + " ago"));
  }

  /** The worse of two lights; the first when they are as bad. */
  static Light worst(Light a, Light b) {
    return rank(b) > rank(a) ? b : a;
  }

  private static int rank(Light l) {
    return l == null ? -1 : List.of(OFF, GREEN, AMBER, RED).indexOf(l.color());
  }

  /** " since 10:42" (UTC): when the run of warnings and errors now showing began. */
  private static String since(List<Event> newestFirst) {
    Instant start = null;
    for (Event e : newestFirst) {
      if (e.severity() == Severity.INFO) {
        break;
      }
      start = e.at();
    }
    return start == null ? "" : " since " + HH_MM.format(start) + " UTC";
  }
}
