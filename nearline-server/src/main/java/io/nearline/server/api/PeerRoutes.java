package io.nearline.server.api;

import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.recovery.CheckReport;
import io.nearline.services.peer.LinkSettings;
import io.nearline.services.peer.PairStatus;
import io.nearline.server.peer.PeerService;
import io.nearline.services.peer.RoleState;
import io.nearline.services.Nearline;
import io.nearline.services.web.RouteDoc;
import io.nearline.services.web.Routes;
import io.nearline.services.web.WebModule;

/** The near-line pair: pairing, its checks, the link's WAN settings, promotion and resync. */
public final class PeerRoutes implements WebModule {
  private final PeerService peer;

  public PeerRoutes(PeerService peer) {
    this.peer = peer;
  }

  /** The code {@code nearline peer pair} printed on the active near-line. */
  public record JoinRequest(
      @Describe("The one-time pairing code from 'nearline peer pair'") @Check.Required
      String code) {}

  /** A new one-time code; it is shown once and expires in 30 minutes. */
  public record PairingCodeAnswer(String code) {}

  @Override
  public void register(Routes routes, Nearline services) {
    routes.get("/api/peer", RouteDoc.viewer("This near-line's role and its link to the peer")
            .answers(PairStatus.class), ctx -> ctx.json(peer.pairStatus()))
        .post("/api/peer/pair", RouteDoc.admin("Make a one-time code for the peer to join with")
            .answers(PairingCodeAnswer.class), ctx -> ctx.json(new PairingCodeAnswer(
                peer.pairingCode())))
        .post("/api/peer/join", RouteDoc.admin("Join the near-line that made the code, as its "
                + "peer; answers the pairing check").takes(JoinRequest.class)
            .answers(CheckReport.class),
            ctx -> ctx.json(peer.join(Routes.body(ctx, JoinRequest.class).code())))
        .post("/api/peer/check", RouteDoc.admin("Check the pair again; replication starts once "
            + "the check passes").answers(CheckReport.class), ctx -> ctx.json(peer.check()))
        .post("/api/peer/promote", RouteDoc.admin("Make this peer the active near-line")
            .answers(RoleState.class), ctx -> ctx.json(peer.promote()))
        .post("/api/peer/resync", RouteDoc.admin("Make this fenced near-line a peer again")
            .answers(RoleState.class), ctx -> ctx.json(peer.resync()))
        .get("/api/peer/settings", RouteDoc.viewer("The link's compression and bandwidth "
            + "calendar").answers(LinkSettings.class), ctx -> ctx.json(peer.settings()))
        .post("/api/peer/settings", RouteDoc.admin("Change the link's compression and bandwidth "
                + "calendar").takes(LinkSettings.class).answers(LinkSettings.class),
            ctx -> ctx.json(peer.saveSettings(Routes.body(ctx, LinkSettings.class))));
  }
}
