package io.nearline.services.peer;

import java.time.Instant;

/**
 * A role and the epoch it was taken in. Each promotion takes a higher epoch; of two near-lines
 * that both claim to be active, the one with the higher epoch is.
 */
public record RoleState(NodeRole role, long epoch, Instant changedAt, String reason) {

  public boolean isActive() {
    return role == NodeRole.ACTIVE;
  }
}
