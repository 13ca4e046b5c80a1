package io.nearline.services.console;

import io.nearline.services.web.Role;
import java.time.Instant;

/**
 * An API token as the console lists it.
 *
 * @param secret the token itself, only in the answer that made it; null everywhere else
 */
public record TokenView(String name, Role role, Instant createdAt, String secret) {

  @Override
  public String toString() { // never the secret
    return "TokenView[" + name + ", " + role + "]";
  }
}
