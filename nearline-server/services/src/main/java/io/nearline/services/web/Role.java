package io.nearline.services.web;

import com.fasterxml.jackson.annotation.JsonValue;
import io.nearline.services.NearlineException;
import java.util.Locale;

/**
 * What a person's or a tool's token may do. Each role may do everything the one before it may:
 * a viewer reads; an operator also acts on what is protected (pause, resume, failover,
 * failback, drills); an admin also changes what is protected and who may do what.
 */
public enum Role {
  VIEWER, OPERATOR, ADMIN;

  /** Whether this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The role just below this one, or null for the lowest. */
  public Role below() {
    return this == VIEWER ? null : values()[ordinal() - 1];
  }

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A role by its name; 400 naming the choices if there is none. */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.label().equalsIgnoreCase(text)) {
        return r;
      }
    }
    throw new NearlineException(400, "unknown role '" + text + "': viewer, operator or admin");
  }
}
