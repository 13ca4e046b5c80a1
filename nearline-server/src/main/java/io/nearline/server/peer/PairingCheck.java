package io.nearline.server.peer;

import io.nearline.recovery.CheckReport;
import java.util.ArrayList;
import java.util.List;

/** Compares the two near-lines of a pair; replication starts only when every item passes. */
final class PairingCheck {
  static final long MAX_SKEW_MILLIS = 5_000;
  static final int GROWTH_DAYS = 30;

  private PairingCheck() {}

  /**
   * @param active the near-line that sends
   * @param peer the one that receives and keeps its own surrogates
   * @param skewMillis the peer's clock minus the active's, measured over the link
   * @param reachedPeer whether the active reached the peer's link
   * @param peerReached whether the peer reached the active's link
   */
  static CheckReport run(Facts active, Facts peer, long skewMillis, boolean reachedPeer,
      boolean peerReached) {
    List<CheckReport.Item> items = new ArrayList<>();
    items.add(new CheckReport.Item("versions", active.version().equals(peer.version()),
        "active " + active.version() + ", peer " + peer.version()
            + (active.version().equals(peer.version()) ? "" : ": run the same version on both")));
    for (String app : active.protectedApplications()) {
      String major = app.replaceAll("^(\\S+) (\\d+).*$", "$1 $2");
      boolean runs = peer.applications().contains(major);
      items.add(new CheckReport.Item("surrogate binaries for " + app, runs, runs
          ? "the peer can run " + major : "the peer has no " + major + " server to replay "
              + app + " with; install it there (Debian: postgresql-" + major.replaceAll("\\D", "")
              + ")"));
    }
    long needed = active.storeBytes() + GROWTH_DAYS * active.growthBytesPerDay();
    items.add(new CheckReport.Item("storage", peer.freeBytes() >= needed,
        "the peer has " + mib(peer.freeBytes()) + " free; the store holds "
            + mib(active.storeBytes()) + " and grows " + mib(active.growthBytesPerDay())
            + " a day: " + mib(needed) + " for " + GROWTH_DAYS + " days"));
    boolean sealedAlike = !active.encrypted() || peer.encrypted();
    items.add(new CheckReport.Item("encryption at rest", sealedAlike, !active.encrypted()
        ? "the active's store is not encrypted" + (peer.encrypted() ? "; the peer's is" : "")
        : sealedAlike ? "both stores are encrypted, each under its own master key"
        : "the active's store is encrypted and the peer's is not: it would keep everything "
            + "in clear; start the peer with --master-key FILE"));
    items.add(new CheckReport.Item("clock skew", Math.abs(skewMillis) <= MAX_SKEW_MILLIS,
        "the peer's clock is " + skewMillis + " ms " + (skewMillis >= 0 ? "ahead" : "behind")
            + " (at most " + MAX_SKEW_MILLIS + " ms; RPOs compare times across the pair)"));
    items.add(new CheckReport.Item("active reaches peer", reachedPeer, reachedPeer
        ? "over mutual TLS" : "the peer's link did not answer: open its port to this host"));
    items.add(new CheckReport.Item("peer reaches active", peerReached, peerReached
        ? "over mutual TLS" : "the active's link did not answer the peer: open its port"));
    return new CheckReport("pair " + active.nodeId() + " -> " + peer.nodeId(), items);
  }

  private static String mib(long bytes) {
    return bytes / (1 << 20) + " MiB";
  }
}
