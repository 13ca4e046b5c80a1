package io.nearline.services.peer;

import io.nearline.recovery.CheckReport;
import java.io.IOException;

/**
 * The near-line pair as the API and the console drive it: pairing, its check, the link's WAN
 * settings, promotion and resync. Refusals are {@link io.nearline.services.NearlineException}s
 * with the HTTP status they answer with.
 */
public interface Peer {

  /** This near-line's role, its peer, the last pairing check and the link. */
  PairStatus pairStatus();

  /** A one-time code for the other near-line to join with; made on the active only. */
  String pairingCode();

  /** Joins the near-line that made {@code code} as its peer and checks the pair. */
  CheckReport join(String code) throws IOException;

  /** Checks the pair again and saves the report; replication starts once it passes. */
  CheckReport check() throws IOException;

  LinkSettings settings();

  LinkSettings saveSettings(LinkSettings settings);

  /** Makes this peer the active near-line: a handover if the active answers, else alone. */
  RoleState promote();

  /** Makes this fenced near-line a peer again. */
  RoleState resync();
}
