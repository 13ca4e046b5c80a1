package io.nearline.server.peer;

import io.nearline.services.peer.PairStatus;
import io.nearline.services.console.NearlineNode;
import io.nearline.services.peer.LinkState;
import io.nearline.services.peer.NodeRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** This near-line server and its peer, as the console's DR status page shows them. */
public final class NodeView {
  private static final EnumSet<LinkState> HEALTHY =
      EnumSet.of(LinkState.CAUGHT_UP, LinkState.SENDING, LinkState.RECEIVING);

  private final PeerService peer;
  private final Path dataDir;

  public NodeView(PeerService peer, Path dataDir) {
    this.peer = peer;
    this.dataDir = dataDir;
  }

  public List<NearlineNode> nodes() {
    PairStatus pair = peer.pairStatus();
    List<NearlineNode> nodes = new ArrayList<>();
    boolean fenced = pair.role() == NodeRole.FENCED;
    nodes.add(new NearlineNode(hostName(), pair.role().label(), fenced ? "fenced" : "running",
        free() + (pair.roleReason() == null ? "" : "; " + pair.roleReason()), !fenced));
    if (pair.peer() != null) {
      String role = pair.role() == NodeRole.ACTIVE ? NodeRole.PEER.label()
          : NodeRole.ACTIVE.label();
      String detail = pair.backlogObjects() == null ? "link " + pair.link()
          : pair.backlogObjects() + " objects (" + pair.backlogBytes() + " bytes) not yet "
              + "acknowledged";
      if (pair.lastError() != null) {
        detail += "; " + pair.lastError();
      }
      nodes.add(new NearlineNode(pair.peer().link(), role, pair.state().label(), detail,
          HEALTHY.contains(pair.state())));
    }
    return nodes;
  }

  private String free() {
    try {
      long bytes = Files.getFileStore(dataDir).getUsableSpace();
      return String.format(Locale.ROOT, "%.1f GiB free for the store", bytes / 1073741824.0);
    } catch (IOException e) {
      return "free space unknown: " + e.getMessage();
    }
  }

  /** This host's name, as people know it; the loopback name if it cannot be found. */
  public static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
