package io.nearline.server.peer;

import io.nearline.services.peer.RoleState;
import io.nearline.services.peer.PairStatus;
import io.nearline.services.peer.LinkSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nearline.common.json.Json;
import io.nearline.recovery.CheckReport;
import io.nearline.recovery.PolicyCatalog;
import io.nearline.server.auth.TlsIdentity;
import io.nearline.server.catalog.Catalog;
import io.nearline.server.catalog.Incidents;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.catalog.Tags;
import io.nearline.server.collect.CollectionService;
import io.nearline.server.secret.SecretBox;
import io.nearline.services.CollectorState;
import io.nearline.services.NearlineException;
import io.nearline.services.Severity;
import io.nearline.services.peer.LinkState;
import io.nearline.services.peer.NodeRole;
import io.nearline.services.peer.Peer;
import io.nearline.services.peer.PeerLinkStatus;
import io.nearline.shadow.store.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This near-line's part in a pair: pairing, the checks, the link (listening as a peer, sending
 * as the active), and the role changes — promotion, fencing, resync. Start it before
 * collection and recoveries are let loose: a fenced or peer near-line must not collect.
 */
public final class PeerService implements Peer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PeerService.class);
  private static final Duration CODE_VALIDITY = Duration.ofMinutes(30);
  private static final int READ_TIMEOUT_MS = 120_000;
  private static final Duration HANDOVER_DRAIN = Duration.ofMinutes(5);
  /** A handover's answer waits for the drain, and then some. */
  private static final int HANDOVER_TIMEOUT_MS = (int) HANDOVER_DRAIN.plusMinutes(1).toMillis();
  private static final int FIRST_FRAME_TIMEOUT_MS = 10_000;
  /** Connections served at once: the listener accepts any certificate until the first frame. */
  private static final int MAX_CONNECTIONS = 8;
  /** How often the configuration is compared with what the peer was sent. */
  private static final int CONFIG_EVERY_SECONDS = 2;
  private static final long GAP_RETRY_MS = 10_000;

  private final Catalog catalog;
  private final PeerCatalog peers;
  private final CollectionService collection;
  private final Incidents incidents;
  private final ProtectedServers servers;
  private final Outbox outbox;
  private final LinkTls tls;
  private final ReplicaTarget target;
  private final Inbox inbox;
  private final SecretBox secrets;
  private final PolicyCatalog policies;
  private final Tags tags;
  private final PeerConfig config;
  private final Path storeDir;
  private final Throttle throttle;
  private final RateMeter rate = new RateMeter();
  private final Map<String, Acked> acked = new ConcurrentHashMap<>();
  private final Object committed = new Object();
  /** Files collection has committed, counted so that one committed mid-round is not missed. */
  private long commits;
  private final Map<String, String> gaps = new ConcurrentHashMap<>();
  private final java.util.Set<SSLSocket> served = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ExecutorService encoder =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nearline-peer-encode");
        t.setDaemon(true);
        return t;
      });
  private final java.util.concurrent.Semaphore connections =
      new java.util.concurrent.Semaphore(MAX_CONNECTIONS);
  private volatile LinkState state = LinkState.UNPAIRED;
  private volatile String lastError;
  private volatile Instant lastInbound;
  private volatile LinkSettings settings = LinkSettings.defaults();
  private SSLServerSocket listener;
  private Thread accepting;
  private Thread sending;
  private volatile boolean closed;

  private record Acked(Instant at, String object, Double peerRpo) {}

  /**
   * @param ownUrl this near-line's API as standbys reach it: replicated pairs point there
   */
  public PeerService(Catalog catalog, CollectionService collection, SecretBox secrets,
      Path peerDir, Path storeDir, String apiBind, java.util.function.Supplier<String> ownUrl,
      PeerConfig config, MeterRegistry registry) {
    this.catalog = catalog;
    this.peers = new PeerCatalog(catalog);
    this.collection = collection;
    this.incidents = new Incidents(catalog);
    this.servers = new ProtectedServers(catalog);
    this.outbox = new Outbox(catalog);
    this.secrets = secrets;
    this.policies = new PolicyCatalog(catalog.jdbi());
    this.tags = new Tags(catalog);
    this.storeDir = storeDir;
    this.tls = new LinkTls(TlsIdentity.selfSigned(peerDir.resolve("tls"), List.of("nearline-peer")));
    this.target = new ReplicaTarget(catalog, collection, storeDir, ownUrl);
    this.inbox = new Inbox(peerDir.resolve("inbox"));
    this.config = new PeerConfig(config.bind() == null ? apiBind : config.bind(), config.port(),
        config.advertise());
    this.throttle = new Throttle(() -> settings.limitAt(Instant.now()));
    peers.peer().map(PeerCatalog.PeerRow::linkSettings).filter(s -> s != null)
        .ifPresent(s -> settings = Json.read(s, LinkSettings.class));
    meters(registry);
  }

  /** Takes up the stored role and opens the link. Call before collection starts. */
  public void start() throws IOException {
    RoleState role = peers.role();
    if (role.role() != NodeRole.ACTIVE) {
      collection.standBy(role.role() == NodeRole.PEER ? CollectorState.REPLICA
          : CollectorState.FENCED);
    }
    listener = tls.listen(config.bind(), config.port(), fp -> true);
    accepting = daemon("nearline-peer-accept", this::accept);
    if (role.isActive() && peers.peer().isPresent()) {
      probeRole(peers.peer().get());
    }
    sending = daemon("nearline-peer-send", this::sendLoop);
    log.atInfo().addKeyValue("role", role.role()).addKeyValue("epoch", role.epoch())
        .addKeyValue("link", linkAddress()).log("near-line link listening");
    if (java.net.InetAddress.getByName(linkAddress().substring(0,
        linkAddress().lastIndexOf(':'))).isLoopbackAddress()) {
      log.warn("the near-line link is reached at {}, on this host only: a peer elsewhere needs "
          + "--peer-bind (an address it reaches) or --peer-address HOST:PORT", linkAddress());
    }
  }

  /** This node's id: its link certificate's fingerprint, shortened. */
  public String nodeId() {
    return tls.fingerprint().substring(0, 16);
  }

  /** What a peer has acknowledged of one server. */
  public record Acknowledged(long logFileId, long baselineId) {}

  /**
   * What the peer has acknowledged of a server, while this near-line is active and paired:
   * retention deletes nothing after it. Empty without a peer (or on the peer itself).
   */
  public java.util.Optional<Acknowledged> acknowledged(int serverId) {
    if (!peers.role().isActive() || peers.peer().isEmpty()) {
      return java.util.Optional.empty();
    }
    PeerCatalog.Ack ack = peers.ack(serverId);
    return java.util.Optional.of(new Acknowledged(ack.logFileId(), ack.baselineId()));
  }

  public RoleState role() {
    return peers.role();
  }

  boolean isPeer() {
    return peers.role().role() == NodeRole.PEER;
  }

  /** host:port the peer reaches this near-line's link by. */
  public String linkAddress() {
    if (config.advertise() != null) {
      return config.advertise();
    }
    String host = config.bind().equals("0.0.0.0") || config.bind().equals("::") ? "127.0.0.1"
        : config.bind();
    return host + ":" + listener.getLocalPort();
  }

  /** Why recoveries are refused here now, or empty while this near-line is active. */
  public Optional<String> refusal() {
    RoleState r = peers.role();
    if (r.role() == NodeRole.PEER) {
      return Optional.of("this near-line is the peer: recoveries run on the active near-line, "
          + "or here after 'nearline peer promote'");
    }
    if (r.role() == NodeRole.FENCED) {
      return Optional.of("this near-line is fenced: its peer took over (" + r.reason() + "); run "
          + "'nearline peer resync' here to make it a peer again");
    }
    return Optional.empty();
  }

  // ---- pairing ----

  /** A one-time code for the second near-line's {@code nearline peer join}. */
  @Override
  public String pairingCode() {
    requireRole(NodeRole.ACTIVE, "make the pairing code on the active near-line");
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    String secret = HexFormat.of().formatHex(random);
    peers.addCode(Sha256.hex(secret.getBytes()), Instant.now().plus(CODE_VALIDITY));
    return new PairingCode(linkAddress(), secret, tls.fingerprint()).text();
  }

  /** Joins the near-line that made {@code code} as its peer, and checks the pair. */
  @Override
  public CheckReport join(String codeText) throws IOException {
    PairingCode code;
    try {
      code = PairingCode.parse(codeText);
    } catch (IllegalArgumentException e) {
      throw new NearlineException(400, e.getMessage(), Map.of("code", e.getMessage()), e);
    }
    if (!servers.all().isEmpty()) {
      throw new NearlineException(409, "this near-line protects servers of its own; a peer "
          + "joins empty and receives the active's");
    }
    Messages.Ok ok;
    try (SSLSocket socket = tls.connect(code.address(), code.fingerprint(), READ_TIMEOUT_MS)) {
      Wire wire = new Wire(socket.getInputStream(), socket.getOutputStream(), Throttle.NONE);
      wire.send(Wire.Type.JOIN, new Messages.Join(code.secret(), tls.certificatePem(), nodeId(),
          linkAddress(), Map.of()));
      ok = wire.expect(Wire.Type.OK).json(Messages.Ok.class);
    } catch (PeerRefusedException e) {
      throw new NearlineException(403, "the active near-line refused the code: "
          + e.getMessage(), Map.of("code", e.getMessage()), e);
    } catch (IOException e) {
      throw new NearlineException(502, "cannot reach the active near-line at " + code.address()
          + ": " + e.getMessage(), Map.of(), e);
    }
    peers.savePeer(String.valueOf(ok.facts().get("nodeId")), code.address(),
        String.valueOf(ok.facts().get("certificate")));
    become(NodeRole.PEER, ((Number) ok.facts().get("epoch")).longValue(),
        "joined " + code.address() + " as its peer");
    incidents.event(null, Severity.INFO, "paired as the peer of " + code.address());
    return check();
  }

  /** The active's side of a join: the code must be valid and unused. */
  Messages.Ok acceptJoin(Messages.Join join, String fingerprint) throws IOException {
    if (!LinkTls.fingerprint(join.certificate()).equals(fingerprint)) {
      throw new IOException("the joining near-line's certificate is not the one it connected "
          + "with");
    }
    if (!peers.useCode(Sha256.hex(join.secret().getBytes()))) {
      throw new IOException("the pairing code is unknown, used or expired: make a new one with "
          + "'nearline peer pair'");
    }
    peers.savePeer(join.nodeId(), join.linkAddress(), join.certificate());
    incidents.event(null, Severity.INFO, "paired with peer " + join.nodeId() + " at "
        + join.linkAddress() + "; replication starts once the pairing check passes");
    lastInbound = Instant.now();
    daemon("nearline-peer-check", () -> {
      try {
        check();
      } catch (RuntimeException | IOException e) {
        log.warn("pairing check failed: {}", e.toString());
      }
    });
    RoleState role = peers.role();
    return new Messages.Ok("paired", Map.of("nodeId", nodeId(), "certificate",
        tls.certificatePem(), "epoch", role.epoch()));
  }

  boolean isPairedWith(String fingerprint) {
    Optional<PeerCatalog.PeerRow> p = peers.peer();
    boolean paired = p.isPresent() && LinkTls.fingerprint(p.get().certificate()).equals(fingerprint);
    if (paired) {
      lastInbound = Instant.now();
    }
    return paired;
  }

  /**
   * Checks the pair from this side (versions, binaries, storage, clock, reachability) and saves
   * the report; replication starts once the active's report passes.
   */
  @Override
  public CheckReport check() throws IOException {
    PeerCatalog.PeerRow peer = requirePeer();
    Facts own = Facts.of(nodeId(), catalog, storeDir, collection.cipher().seals());
    Facts other;
    long skew;
    boolean reached;
    try {
      long before = System.currentTimeMillis();
      Messages.Ok ok = ping(peer);
      long after = System.currentTimeMillis();
      Map<String, Object> facts = new java.util.HashMap<>(ok.facts());
      facts.keySet().removeAll(List.of("rpo", "role", "epoch")); // not the pair's facts
      other = Json.MAPPER.convertValue(facts, Facts.class);
      skew = other.clockMillis() - (before + after) / 2;
      reached = true;
    } catch (IOException e) {
      other = new Facts(peer.nodeId(), "unknown", 0, 0, 0, 0, List.of(), List.of(),
          false);
      skew = 0;
      reached = false;
      lastError = e.getMessage();
    }
    // The other side's check reaches this one; allow it a moment after a fresh pairing.
    Instant deadline = Instant.now().plusSeconds(10);
    while (reached && (lastInbound == null || lastInbound.isBefore(Instant.now().minus(
        Duration.ofMinutes(10)))) && Instant.now().isBefore(deadline)) {
      sleep(200);
    }
    boolean inbound = lastInbound != null;
    boolean active = peers.role().isActive();
    CheckReport report = active ? PairingCheck.run(own, other, skew, reached, inbound)
        : PairingCheck.run(other, own, -skew, inbound, reached);
    peers.saveCheck(Json.write(report), report.passed());
    incidents.event(null, report.passed() ? Severity.INFO : Severity.WARN,
        "pairing check " + (report.passed() ? "passed" : "FAILED") + ": "
            + report.text().strip());
    return report;
  }

  /**
   * Pings the peer; a peer that has not saved the pairing yet (its join is still being
   * answered) refuses for a moment, so a refusal is tried again for a few seconds.
   */
  private Messages.Ok ping(PeerCatalog.PeerRow peer) throws IOException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      try {
        return call(peer, Wire.Type.PING, new Messages.Ping(System.currentTimeMillis()));
      } catch (PeerRefusedException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        sleep(300);
      }
    }
  }

  Messages.Ok answerPing(Messages.Ping ping) throws IOException {
    Facts f = Facts.of(nodeId(), catalog, storeDir, collection.cipher().seals());
    Map<String, Object> facts = new java.util.HashMap<>(Json.MAPPER.convertValue(f, Map.class));
    facts.put("rpo", rpos());
    RoleState role = peers.role();
    facts.put("role", role.role().name());
    facts.put("epoch", role.epoch());
    return new Messages.Ok("pong", facts);
  }

  private Map<String, Double> rpos() {
    Map<String, Double> rpo = new java.util.HashMap<>();
    for (ProtectedServerRow row : servers.all()) {
      Double r = rpoSeconds(row.name());
      if (r != null) {
        rpo.put(row.name(), r);
      }
    }
    return rpo;
  }

  Double rpoSeconds(String server) {
    return collection.surrogateRpoSeconds(server);
  }

  // ---- roles ----

  /**
   * Makes this peer the active near-line. If the active answers, it first stops collecting,
   * sends what this one lacks and steps down (a planned handover); if it is lost, this one
   * takes over alone and the old one fences itself when it returns.
   */
  @Override
  public RoleState promote() {
    RoleState r = peers.role();
    if (r.role() == NodeRole.ACTIVE) {
      throw new NearlineException(409, "this near-line is active already");
    }
    if (r.role() == NodeRole.FENCED) {
      throw new NearlineException(409, "this near-line is fenced: run 'nearline peer resync' "
          + "first, so that it holds what the active collected meanwhile");
    }
    PeerCatalog.PeerRow peer = requirePeer();
    long epoch = r.epoch() + 1;
    String how;
    try {
      Messages.Ok ok = call(peer, Wire.Type.TAKEOVER, new Messages.Takeover(nodeId(), epoch),
          HANDOVER_TIMEOUT_MS);
      how = "handed over by the active near-line: " + ok.message();
    } catch (PeerRefusedException e) {
      throw new NearlineException(409, "the active near-line refused to hand over: "
          + e.getMessage(), Map.of(), e);
    } catch (UnreachableException lost) {
      how = "the active near-line is unreachable (" + lost.getMessage() + "); taken over alone";
    } catch (IOException unknown) {
      // It was asked and did not answer: it may be stepping down, or may not. Taking over now
      // could leave two actives; the operator looks at both and asks again.
      throw new NearlineException(504, "the active near-line was asked to hand over and did "
          + "not answer (" + unknown.getMessage() + "); run 'nearline peer status' on both and "
          + "promote again", Map.of(), unknown);
    }
    become(NodeRole.ACTIVE, epoch, how);
    incidents.event(null, Severity.WARN, "promoted to the active near-line: " + how);
    return peers.role();
  }

  /** The active's side of a planned handover: stop, send the rest, step down. */
  Messages.Ok handOver(Messages.Takeover t) throws IOException {
    RoleState r = peers.role();
    if (r.role() != NodeRole.ACTIVE) {
      throw new IOException("this near-line is not active");
    }
    collection.standBy(CollectorState.REPLICA);
    Instant deadline = Instant.now().plus(HANDOVER_DRAIN);
    while (backlog().objects() > 0 || state != LinkState.CAUGHT_UP) {
      if (!peers.role().isActive()) {
        throw new IOException("this near-line was fenced during the handover");
      }
      if (Instant.now().isAfter(deadline)) {
        if (peers.role().isActive()) {
          collection.collect();
        }
        throw new IOException("could not send the backlog within " + HANDOVER_DRAIN
            + " (" + backlog().objects() + " objects left); still active");
      }
      sleep(200);
    }
    become(NodeRole.PEER, t.epoch(), "handed over to " + t.nodeId());
    incidents.event(null, Severity.WARN, "handed the active role over to " + t.nodeId());
    return new Messages.Ok("every object acknowledged", Map.of());
  }

  /** A fenced near-line becomes a peer again and receives what it lacks. */
  @Override
  public RoleState resync() {
    RoleState r = peers.role();
    if (r.role() != NodeRole.FENCED) {
      throw new NearlineException(409, "only a fenced near-line resyncs; this one is "
          + r.role().label());
    }
    requirePeer();
    become(NodeRole.PEER, r.epoch(), "resynced: receives from the active near-line");
    incidents.event(null, Severity.INFO, "resynced as the peer of the active near-line");
    return peers.role();
  }

  /** The other side answered a hello: a higher-epoch active fences this one. */
  private boolean heard(Messages.Hello other) {
    RoleState own = peers.role();
    if (other.role() == NodeRole.ACTIVE && other.epoch() > own.epoch() && own.isActive()) {
      become(NodeRole.FENCED, other.epoch(), "peer " + other.nodeId() + " became active in epoch "
          + other.epoch() + " while this near-line was away");
      incidents.event(null, Severity.ERROR, "fenced: peer " + other.nodeId() + " is the active "
          + "near-line now; this one collects and recovers nothing until 'nearline peer resync'");
      return false;
    }
    return other.role() == NodeRole.PEER;
  }

  /** A listener's answer to the active's hello: receive from it if it is the rightful active. */
  Messages.Hello greet(Messages.Hello from) {
    heard(from);
    RoleState own = peers.role();
    if (own.role() == NodeRole.PEER && from.role() == NodeRole.ACTIVE
        && from.epoch() >= own.epoch()) {
      if (from.epoch() > own.epoch()) {
        become(NodeRole.PEER, from.epoch(), own.reason());
      }
      state = LinkState.RECEIVING;
    }
    return hello();
  }

  private Messages.Hello hello() {
    RoleState r = peers.role();
    return new Messages.Hello(nodeId(), r.role(), r.epoch(), Facts.VERSION,
        System.currentTimeMillis());
  }

  private synchronized void become(NodeRole role, long epoch, String reason) {
    peers.setRole(role, epoch, reason);
    log.atWarn().addKeyValue("role", role).addKeyValue("epoch", epoch).log("near-line role: {}",
        reason);
    switch (role) {
      case ACTIVE -> collection.collect();
      case PEER -> collection.standBy(CollectorState.REPLICA);
      case FENCED -> collection.standBy(CollectorState.FENCED);
    }
  }

  // ---- the link ----

  private void accept() {
    while (!closed) {
      try {
        SSLSocket socket = (SSLSocket) listener.accept();
        if (!connections.tryAcquire()) {
          socket.close(); // the link needs one or two; more are not the paired near-line's
          continue;
        }
        served.add(socket);
        daemon("nearline-peer-receive", () -> {
          try (socket) {
            socket.setSoTimeout(FIRST_FRAME_TIMEOUT_MS);
            new Receiver(this, target, inbox).serve(socket, READ_TIMEOUT_MS);
          } catch (IOException | RuntimeException e) {
            if (!closed) {
              log.info("peer link connection ended: {}", e.toString());
            }
          } finally {
            served.remove(socket);
            connections.release();
          }
        });
      } catch (IOException e) {
        if (!closed) {
          log.warn("peer link listener: {}", e.toString());
          sleep(1000);
        }
      }
    }
  }

  private void sendLoop() {
    long pauseMs = 1000;
    while (!closed) {
      Optional<PeerCatalog.PeerRow> peer = peers.peer();
      RoleState role = peers.role();
      if (peer.isEmpty() || !role.isActive()) {
        state = peer.isEmpty() ? LinkState.UNPAIRED
            : role.role() == NodeRole.FENCED ? LinkState.FENCED : LinkState.RECEIVING;
        sleep(500);
        continue;
      }
      if (!peer.get().checksPassed()) {
        state = LinkState.CHECKS_FAILED;
        sleep(1000);
        continue;
      }
      try {
        state = LinkState.CONNECTING;
        session(peer.get());
        pauseMs = 1000;
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        state = LinkState.DISCONNECTED;
        lastError = e.getMessage() != null ? e.getMessage() : e.toString();
        log.info("peer link down, retrying in {} ms: {}", pauseMs, e.toString());
        sleep(pauseMs);
        pauseMs = Math.min(pauseMs * 2, 10_000);
      }
    }
  }

  /** One connection to the peer: hello, configuration, then objects until the link drops. */
  private void session(PeerCatalog.PeerRow peer) throws IOException {
    try (SSLSocket socket = tls.connect(peer.linkAddress(), LinkTls.fingerprint(
        peer.certificate()), READ_TIMEOUT_MS)) {
      Wire wire = new Wire(socket.getInputStream(), socket.getOutputStream(), throttle);
      wire.send(Wire.Type.HELLO, hello());
      Messages.Hello other = wire.expect(Wire.Type.HELLO).json(Messages.Hello.class);
      if (!heard(other)) {
        state = LinkState.DISCONNECTED;
        lastError = "the peer is " + other.role().label() + (other.role() == NodeRole.FENCED
            ? ": run 'nearline peer resync' on it" : "");
        sleep(2000);
        return;
      }
      Sender sender = new Sender(this, wire, outbox, peers, servers, collection, encoder);
      String sentConfig = null;
      Instant lastPing = Instant.EPOCH;
      Instant configAt = Instant.EPOCH;
      while (!closed && peers.role().isActive()) {
        if (Duration.between(configAt, Instant.now()).toSeconds() >= CONFIG_EVERY_SECONDS) {
          String config = Json.write(ReplicaTarget.config(servers, secrets, policies, tags));
          if (!config.equals(sentConfig)) {
            wire.send(Wire.Type.CONFIG, Json.read(config, Messages.Config.class));
            wire.expect(Wire.Type.OK);
            sentConfig = config;
          }
          configAt = Instant.now();
        }
        state = LinkState.SENDING;
        long seen = commits();
        boolean moved = sender.round();
        if (sender.hasGap()) {
          // Reported; asked again on a new connection in a while, never skipped.
          state = LinkState.GAP;
          sleep(GAP_RETRY_MS);
          return;
        }
        if (!moved) {
          state = LinkState.CAUGHT_UP;
          if (Duration.between(lastPing, Instant.now()).toSeconds() >= 5) {
            wire.send(Wire.Type.PING, new Messages.Ping(System.currentTimeMillis()));
            Messages.Ok pong = wire.expect(Wire.Type.OK).json(Messages.Ok.class);
            peerRpos(pong);
            if (pong.facts().get("role") != null && !heard(new Messages.Hello(
                String.valueOf(pong.facts().get("nodeId")),
                NodeRole.valueOf(String.valueOf(pong.facts().get("role")).toUpperCase()),
                ((Number) pong.facts().get("epoch")).longValue(), Facts.VERSION, 0))) {
              return; // the other side is no longer this one's peer
            }
            lastPing = Instant.now();
          }
          awaitCommit(seen);
        }
      }
    }
  }

  private long commits() {
    synchronized (committed) {
      return commits;
    }
  }

  /**
   * Waits until collection commits a file after the {@code seen}th, or a second passes: one
   * committed while the last round looked elsewhere is sent at once.
   */
  private void awaitCommit(long seen) {
    synchronized (committed) {
      try {
        if (commits == seen) {
          committed.wait(1000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Collection committed a file here: the link sends it now rather than at its next look. */
  public void committed() {
    synchronized (committed) {
      commits++;
      committed.notifyAll();
    }
  }

  @SuppressWarnings("unchecked")
  private void peerRpos(Messages.Ok ok) {
    Object rpo = ok.facts().get("rpo");
    if (rpo instanceof Map<?, ?> m) {
      m.forEach((server, seconds) -> acked.compute((String) server, (k, a) -> a == null
          ? new Acked(null, null, ((Number) seconds).doubleValue())
          : new Acked(a.at(), a.object(), ((Number) seconds).doubleValue())));
    }
  }

  /**
   * Asks the peer, once and briefly, who is active before this near-line collects: one that
   * was replaced while it was away fences itself here. An unreachable peer proves nothing;
   * the link asks again as soon as it connects.
   */
  private void probeRole(PeerCatalog.PeerRow peer) {
    try (SSLSocket socket = tls.connect(peer.linkAddress(), LinkTls.fingerprint(
        peer.certificate()), 5_000)) {
      Wire wire = new Wire(socket.getInputStream(), socket.getOutputStream(), Throttle.NONE);
      wire.send(Wire.Type.HELLO, hello());
      heard(wire.expect(Wire.Type.HELLO).json(Messages.Hello.class));
    } catch (IOException e) {
      log.warn("peer {} did not answer at start ({}); collecting as the active near-line",
          peer.linkAddress(), e.toString());
    }
  }

  private Messages.Ok call(PeerCatalog.PeerRow peer, Wire.Type type, Object message)
      throws IOException {
    return call(peer, type, message, READ_TIMEOUT_MS);
  }

  /**
   * One request and its answer on a connection of its own.
   *
   * @throws UnreachableException if the request could not be sent at all
   */
  private Messages.Ok call(PeerCatalog.PeerRow peer, Wire.Type type, Object message,
      int timeoutMs) throws IOException {
    SSLSocket socket;
    try {
      socket = tls.connect(peer.linkAddress(), LinkTls.fingerprint(peer.certificate()),
          timeoutMs);
    } catch (IOException e) {
      throw new UnreachableException(peer.linkAddress() + ": " + e.getMessage(), e);
    }
    try (socket) {
      Wire wire = new Wire(socket.getInputStream(), socket.getOutputStream(), Throttle.NONE);
      wire.send(type, message);
      return wire.expect(Wire.Type.OK).json(Messages.Ok.class);
    }
  }

  /** The other near-line could not be reached: nothing was asked of it. */
  private static final class UnreachableException extends IOException {
    UnreachableException(String message, IOException cause) {
      super(message, cause);
    }
  }

  // ---- what the sender and receiver report ----

  /**
   * Baseline archives in clear as they go on the link, by id: size and SHA-256, read once per
   * run of this near-line rather than at every connection.
   */
  private final Map<Long, io.nearline.shadow.store.Sha256.Sum> plainBaselines =
      new ConcurrentHashMap<>();

  io.nearline.shadow.store.Sha256.Sum plainBaseline(long id) {
    return plainBaselines.get(id);
  }

  io.nearline.shadow.store.Sha256.Sum plainBaseline(long id,
      io.nearline.shadow.store.Sha256.Sum sum) {
    plainBaselines.put(id, sum);
    return sum;
  }

  void sent(long bytes) {
    rate.add(bytes);
  }

  void acknowledged(String server, String object, Double peerRpo) {
    acked.compute(server, (k, a) -> new Acked(Instant.now(), object,
        peerRpo != null ? peerRpo : a == null ? null : a.peerRpo()));
  }

  void peerGap(String server, String reason) {
    lastError = reason;
    if (!reason.equals(gaps.put(server, reason))) { // once per gap, not at every retry
      incidents.event(server, Severity.ERROR, "the peer reports a gap and stopped taking this "
          + "server's log: " + reason);
    }
  }

  void received(Messages.Offer o) {
    acked.put(o.server(), new Acked(Instant.now(), o.name(), null));
  }

  void damaged(Messages.Offer o, String reason) {
    incidents.event(o.server(), Severity.WARN, o.name() + " arrived damaged from the active "
        + "near-line and is asked for again: " + reason);
  }

  void gap(Messages.Offer o, String reason) {
    incidents.event(o.server(), Severity.ERROR, "refused " + o.name() + " from the active "
        + "near-line: " + reason);
  }

  Map<String, Object> facts() {
    return Map.of("nodeId", nodeId());
  }

  // ---- status ----

  Outbox.Backlog backlog() {
    Outbox.Backlog total = Outbox.Backlog.NONE;
    for (ProtectedServerRow row : servers.all()) {
      total = total.plus(outbox.backlog(row.id(), peers.ack(row.id())));
    }
    return total;
  }

  /** The link as one protected server's status shows it; null when no peer is paired. */
  public PeerLinkStatus status(String server) {
    if (peers.peer().isEmpty()) {
      return null;
    }
    RoleState role = peers.role();
    Acked a = acked.get(server);
    Long bytes = null;
    Long objects = null;
    if (role.isActive()) {
      Optional<ProtectedServerRow> row = servers.find(server);
      if (row.isPresent()) {
        Outbox.Backlog b = outbox.backlog(row.get().id(), peers.ack(row.get().id()));
        bytes = b.bytes();
        objects = b.objects();
      }
    }
    double sendRate = rate.perSecond();
    long limit = settings.limitAt(Instant.now());
    Double catchUp = bytes == null ? null : catchUp(bytes, limit, sendRate);
    Double peerRpo = role.isActive() ? (a == null ? null : a.peerRpo()) : rpoSeconds(server);
    return new PeerLinkStatus(state, role.role(), a == null ? null : a.at(),
        a == null ? null : a.object(), bytes, objects, sendRate, peerRpo, catchUp, limit,
        lastError);
  }

  /** The pair as {@code nearline peer status} shows it. */
  @Override
  public PairStatus pairStatus() {
    RoleState role = peers.role();
    Optional<PeerCatalog.PeerRow> p = peers.peer();
    Outbox.Backlog b = role.isActive() ? backlog() : null;
    long limit = settings.limitAt(Instant.now());
    double sendRate = rate.perSecond();
    return new PairStatus(nodeId(), role.role(), role.epoch(), role.reason(), linkAddress(),
        state, lastError, p.map(r -> new PairStatus.Peer(r.nodeId(), r.linkAddress(),
            r.pairedAt())).orElse(null),
        p.map(PeerCatalog.PeerRow::checkReport).filter(java.util.Objects::nonNull)
            .map(PeerService::readReport).orElse(null),
        b == null ? null : b.objects(), b == null ? null : b.bytes(),
        b == null ? null : catchUp(b.bytes(), limit, sendRate), sendRate, limit, settings);
  }

  /** A saved report; its {@code passed} is derived from its items, not read back. */
  private static CheckReport readReport(String json) {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode tree =
          (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(json);
      tree.remove("passed");
      return Json.MAPPER.treeToValue(tree, CheckReport.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the saved pairing check cannot be read: " + e, e);
    }
  }

  private static Double catchUp(long bytes, long limit, double sendRate) {
    double speed = limit > 0 ? limit : sendRate;
    if (bytes == 0) {
      return 0.0;
    }
    return speed > 0 ? Double.valueOf(bytes / speed) : null;
  }

  /** Every byte the link has carried both ways since this near-line started. */
  public long linkBytes() {
    return throttle.total();
  }

  @Override
  public LinkSettings settings() {
    return settings;
  }

  @Override
  public LinkSettings saveSettings(LinkSettings s) {
    requirePeer();
    peers.saveLinkSettings(Json.write(s));
    settings = s;
    return s;
  }

  private void meters(MeterRegistry registry) {
    Gauge.builder("nearline.peer.backlog.objects", this, p -> p.role().isActive()
        ? p.backlog().objects() : Double.NaN).description("Objects the peer has not acknowledged")
        .register(registry);
    Gauge.builder("nearline.peer.backlog.bytes", this, p -> p.role().isActive()
        ? p.backlog().bytes() : Double.NaN).description("Bytes the peer has not acknowledged")
        .baseUnit("bytes").register(registry);
    Gauge.builder("nearline.peer.send.rate", this, p -> p.rate.perSecond())
        .description("Bytes per second on the peer link, both ways").baseUnit("bytes")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder("nearline.peer.link.bytes", throttle,
        Throttle::total).description("Bytes on the peer link, both ways, control included")
        .baseUnit("bytes").register(registry);
    Gauge.builder("nearline.peer.link.up", this, p -> p.state == LinkState.SENDING
        || p.state == LinkState.CAUGHT_UP || p.state == LinkState.RECEIVING ? 1 : 0)
        .description("1 while the link to the peer works").register(registry);
    Gauge.builder("nearline.peer.role", this, p -> p.role().role().ordinal())
        .description("0 active, 1 peer, 2 fenced").register(registry);
    Gauge.builder("nearline.peer.rpo", this, p -> p.acked.values().stream()
        .filter(a -> a.peerRpo() != null).mapToDouble(Acked::peerRpo).max().orElse(Double.NaN))
        .description("The largest age of what the peer's surrogates have replayed")
        .baseUnit("seconds").register(registry);
  }

  private PeerCatalog.PeerRow requirePeer() {
    return peers.peer().orElseThrow(() -> new NearlineException(409, "no peer is paired: run "
        + "'nearline peer pair' on the active near-line and 'nearline peer join CODE' on the "
        + "other"));
  }

  private void requireRole(NodeRole role, String why) {
    if (peers.role().role() != role) {
      throw new NearlineException(409, "this near-line is " + peers.role().role().label() + ": "
          + why);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (listener != null) {
        listener.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    if (sending != null) {
      sending.interrupt();
    }
    encoder.shutdownNow();
    for (SSLSocket s : served) {
      try {
        s.close(); // the other side hears the drop now, not at its read timeout
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
