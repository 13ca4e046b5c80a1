package io.nearline.recovery;

/**
 * A protected primary and the standby it is restored to, each addressed on its own.
 *
 * @param name the pair's name
 * @param primary the protected server's name in Nearline
 * @param standby where it is restored
 * @param primaryHost how Nearline reaches the primary's own host to bring it back on failback
 *     (same fields as a standby; optional until a failback is wanted)
 */
public record RecoveryPair(String name, String primary, Standby standby, Standby primaryHost) {
  public void validate() throws InvalidPolicyException {
    Fields.name("pair name", name);
    Fields.name("pair " + name + ": primary", primary);
    if (standby == null) {
      throw new InvalidPolicyException("pair " + name + ": standby is required");
    }
    standby.validate("standby");
    if (primaryHost != null) {
      primaryHost.validate("primary host");
    }
  }
}
