package io.nearline.server.peer;

import io.nearline.server.collect.ReplicaOutOfOrderException;
import io.nearline.services.peer.NodeRole;
import io.nearline.shadow.InvalidLogFileException;
import java.io.IOException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection from the other near-line, on the listener's side: a pairing, a check, a
 * handover, or the active's stream of objects to a peer. Each object is checked against its
 * SHA-256 and the log's order, committed, and only then acknowledged.
 */
final class Receiver {
  private static final Logger log = LoggerFactory.getLogger(Receiver.class);

  private static final int FIRST_FRAME_MAX = 256 << 10;

  private final PeerService service;
  private final ReplicaTarget target;
  private final Inbox inbox;

  Receiver(PeerService service, ReplicaTarget target, Inbox inbox) {
    this.service = service;
    this.target = target;
    this.inbox = inbox;
  }

  /**
   * Serves one connection: its first frame must come quickly and small (any certificate gets
   * this far); then {@code readTimeoutMs} between frames.
   */
  void serve(SSLSocket socket, int readTimeoutMs) throws IOException {
    String fingerprint = LinkTls.peerFingerprint(socket);
    Wire wire = new Wire(socket.getInputStream(), socket.getOutputStream(), Throttle.NONE);
    Wire.Frame first = wire.receive(FIRST_FRAME_MAX);
    socket.setSoTimeout(readTimeoutMs);
    if (first.type() == Wire.Type.JOIN) {
      answer(wire, () -> service.acceptJoin(first.json(Messages.Join.class), fingerprint));
      return;
    }
    if (!service.isPairedWith(fingerprint)) {
      wire.send(Wire.Type.ERROR, new Messages.Error("not the paired near-line"));
      return;
    }
    switch (first.type()) {
      case PING -> answer(wire, () -> service.answerPing(first.json(Messages.Ping.class)));
      case TAKEOVER -> answer(wire, () -> service.handOver(first.json(Messages.Takeover.class)));
      case HELLO -> {
        Messages.Hello own = service.greet(first.json(Messages.Hello.class));
        wire.send(Wire.Type.HELLO, own);
        if (own.role() == NodeRole.PEER) {
          receive(wire);
        }
      }
      default -> wire.send(Wire.Type.ERROR, new Messages.Error("unexpected " + first.type()));
    }
  }

  private interface Answer {
    Messages.Ok get() throws Exception;
  }

  private static void answer(Wire wire, Answer answer) throws IOException {
    try {
      wire.send(Wire.Type.OK, answer.get());
    } catch (Exception e) {
      wire.send(Wire.Type.ERROR, new Messages.Error(e.getMessage()));
    }
  }

  private void receive(Wire wire) throws IOException {
    while (true) {
      Wire.Frame f = wire.receive();
      try {
        handle(wire, f);
      } catch (RuntimeException e) {
        log.warn("cannot take in {} from the active near-line", f.type(), e);
        wire.send(Wire.Type.ERROR, new Messages.Error("the peer cannot take in " + f.type()
            + ": " + e));
        throw new IOException(e);
      }
    }
  }

  private void handle(Wire wire, Wire.Frame f) throws IOException {
    if (!service.isPeer()) {
      wire.send(Wire.Type.ERROR, new Messages.Error("this near-line is no longer the peer: "
          + service.role().reason()));
      throw new IOException("stopped receiving: this near-line is no longer the peer");
    }
    switch (f.type()) {
      case CONFIG -> {
        target.apply(f.json(Messages.Config.class));
        wire.send(Wire.Type.OK, new Messages.Ok("configuration taken in", service.facts()));
      }
      case INVENTORY -> {
        Messages.Inventory inv = f.json(Messages.Inventory.class);
        wire.send(Wire.Type.MISSING, new Messages.Missing(target.missing(inv.offers())));
      }
      case PING -> wire.send(Wire.Type.OK, service.answerPing(f.json(Messages.Ping.class)));
      case OFFER -> receiveObject(wire, f.json(Messages.Offer.class));
      default -> throw new IOException("unexpected " + f.type() + " from the active near-line");
    }
  }

  private void receiveObject(Wire wire, Messages.Offer o) throws IOException {
    if (!target.knows(o.server())) {
      wire.send(Wire.Type.GAP, new Messages.Gap(o.server() + " is not known here yet"));
      return;
    }
    if (target.holds(o)) {
      inbox.discard(o.server(), o.name()); // a partial copy from an earlier try, if any
      wire.send(Wire.Type.RESUME, new Messages.Resume(0, true));
      return;
    }
    try (Inbox.Partial partial = inbox.open(o.server(), o.name(), o.wireSha256())) {
      wire.send(Wire.Type.RESUME, new Messages.Resume(partial.offset(), false));
      while (true) {
        Wire.Frame f = wire.receive();
        if (f.type() == Wire.Type.END) {
          break;
        }
        if (f.type() != Wire.Type.DATA) {
          throw new IOException("unexpected " + f.type() + " inside " + o.name());
        }
        partial.append(f.payload(), 0, f.payload().length);
      }
      partial.flush();
      commit(wire, o, partial); // still holding it: a later connection waits for the outcome
    }
  }

  /** Checks and commits an arrived object, then acknowledges it; a damaged one is asked again. */
  private void commit(Wire wire, Messages.Offer o, Inbox.Partial partial) throws IOException {
    try {
      if (partial.length() != o.wireSize()
          || !io.nearline.shadow.store.Sha256.hex(partial.path()).equals(o.wireSha256())) {
        throw new InvalidLogFileException(o.name(), "arrived damaged: its bytes on the link do "
            + "not match the SHA-256 they were sent with");
      }
      if (o.kind() == Messages.Kind.BASELINE) {
        target.commitBaseline(o, partial.path());
      } else {
        target.commitLogFile(o, partial.path());
      }
      partial.discard();
      service.received(o);
      wire.send(Wire.Type.ACK, new Messages.Ack(o.name(), service.rpoSeconds(o.server())));
    } catch (InvalidLogFileException | LinkCodec.UndecodableException e) {
      partial.discard();
      log.warn("{} of {} arrived damaged, asking for it again: {}", o.name(), o.server(),
          e.getMessage());
      service.damaged(o, e.getMessage());
      wire.send(Wire.Type.RETRY, new Messages.Retry(e.getMessage()));
    } catch (ReplicaOutOfOrderException e) {
      partial.discard();
      service.gap(o, e.getMessage());
      wire.send(Wire.Type.GAP, new Messages.Gap(e.getMessage()));
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot commit " + o.name() + ": " + e.getMessage(), e);
    }
  }
}
