package io.nearline.directory;

import java.util.List;

/**
 * Mailboxes Exchange keeps for itself (arbitration, discovery, health, migration, federation).
 * They belong to their server and are recreated there; rebinding them would break it.
 */
final class SystemMailboxes {
  private static final List<String> NAME_PREFIXES = List.of("SystemMailbox{", "HealthMailbox",
      "FederatedEmail.", "DiscoverySearchMailbox", "Migration.", "Microsoft System Attendant");
  /** msExchRecipientTypeDetails bits: arbitration, discovery, system, monitoring. */
  private static final long SYSTEM_TYPES = 0x800000L | 0x20000000L | 0x4000L | 0x8000000000L;

  private SystemMailboxes() {
  }

  static boolean isSystem(String cn, Long recipientTypeDetails) {
    if (recipientTypeDetails != null && (recipientTypeDetails & SYSTEM_TYPES) != 0) {
      return true;
    }
    return cn != null && NAME_PREFIXES.stream().anyMatch(cn::startsWith);
  }
}
