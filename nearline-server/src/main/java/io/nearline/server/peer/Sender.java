package io.nearline.server.peer;

import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.catalog.ProtectedServers;
import io.nearline.server.collect.CollectionService;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.store.BaselineArchive;
import io.nearline.shadow.store.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session of the active near-line's stream to its peer: each server's log files in the
 * order they were committed here, then its baselines. An object counts as replicated only
 * when the peer acknowledges it; only then does the acknowledged position move.
 */
final class Sender {
  private static final Logger log = LoggerFactory.getLogger(Sender.class);
  private static final int BATCH = 256;
  private static final int CHUNK = 256 << 10;
  private static final int TRIES = 3;

  private final PeerService service;
  private final Wire wire;
  private final Outbox outbox;
  private final PeerCatalog catalog;
  private final ProtectedServers servers;
  private final CollectionService collection;
  /** Servers the peer reported a gap for: not sent to again in this session. */
  private final Set<String> blocked = new HashSet<>();

  private final java.util.concurrent.ExecutorService encoder;

  /** @param encoder prepares the next log file while one is on the link */
  Sender(PeerService service, Wire wire, Outbox outbox, PeerCatalog catalog,
      ProtectedServers servers, CollectionService collection,
      java.util.concurrent.ExecutorService encoder) {
    this.encoder = encoder;
    this.service = service;
    this.wire = wire;
    this.outbox = outbox;
    this.catalog = catalog;
    this.servers = servers;
    this.collection = collection;
  }

  /** Whether the peer refused a server's log with a gap in this session. */
  boolean hasGap() {
    return !blocked.isEmpty();
  }

  /** Sends what the peer lacks; true if anything was sent or acknowledged. */
  boolean round() throws IOException {
    boolean moved = false;
    for (ProtectedServerRow row : servers.all()) {
      if (!blocked.contains(row.name())) {
        moved |= sendLogFiles(row);
        moved |= sendBaselines(row);
      }
    }
    return moved;
  }

  private boolean sendLogFiles(ProtectedServerRow row) throws IOException {
    List<Outbox.LogFile> files = outbox.logFilesAfter(row.id(), catalog.ack(row.id()).logFileId(),
        BATCH);
    if (files.isEmpty()) {
      return false;
    }
    Set<String> missing = missing(files.stream().map(f -> describe(row, f)).toList());
    List<Outbox.LogFile> toSend = files.stream().filter(f -> missing.contains(f.fileName()))
        .toList();
    // The next file is read and compressed while this one crosses the link and is committed.
    java.util.concurrent.Future<Encoded> next = toSend.isEmpty() ? null : encode(row, toSend, 0);
    int sent = 0;
    try {
      for (Outbox.LogFile f : files) {
        if (missing.contains(f.fileName())) {
          Encoded e = await(next);
          next = ++sent < toSend.size() ? encode(row, toSend, sent) : null;
          if (!sendObject(e.offer(), () -> new java.io.ByteArrayInputStream(e.bytes()))) {
            return true;
          }
        }
        catalog.ackLogFile(row.id(), f.id());
        service.acknowledged(row.name(), f.fileName(), null);
      }
    } finally {
      if (next != null) {
        next.cancel(true);
      }
    }
    return true;
  }

  /** A log file as it goes on the link, with its offer. */
  private record Encoded(Messages.Offer offer, byte[] bytes) {}

  private java.util.concurrent.Future<Encoded> encode(ProtectedServerRow row,
      List<Outbox.LogFile> files, int index) {
    Outbox.LogFile f = files.get(index);
    return encoder.submit(() -> encode(row, f));
  }

  private static Encoded await(java.util.concurrent.Future<Encoded> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("the link was stopped");
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io
          : new IOException("cannot prepare a log file for the link: " + e.getCause(), e);
    }
  }

  private boolean sendBaselines(ProtectedServerRow row) throws IOException {
    List<Outbox.Baseline> baselines = outbox.baselinesAfter(row.id(), catalog.ack(row.id())
        .baselineId());
    for (Outbox.Baseline b : baselines) {
      Messages.Offer offer = describe(row, b);
      if (!missing(List.of(offer)).isEmpty()) {
        if (!sendObject(offer, () -> BaselineArchive.open(Path.of(b.archivePath()),
            collection.cipher()))) {
          return true;
        }
      }
      catalog.ackBaseline(row.id(), b.id());
      service.acknowledged(row.name(), offer.name(), null);
    }
    return !baselines.isEmpty();
  }

  private Set<String> missing(List<Messages.Offer> offers) throws IOException {
    wire.send(Wire.Type.INVENTORY, new Messages.Inventory(offers));
    return new HashSet<>(wire.expect(Wire.Type.MISSING).json(Messages.Missing.class).names());
  }

  /** Describes a log file without reading it: enough for the peer to say whether it has it. */
  private Messages.Offer describe(ProtectedServerRow row, Outbox.LogFile f) {
    return new Messages.Offer(row.name(), f.isSegment() ? Messages.Kind.SEGMENT
        : Messages.Kind.COMPANION, f.fileName(), f.fileSize(), f.sha256(), 0, null, null, null,
        null);
  }

  /**
   * Baselines travel in clear inside the link's TLS, opened if this store seals them: the peer
   * holds keys of its own and seals them under those.
   */
  private Messages.Offer describe(ProtectedServerRow row, Outbox.Baseline b) throws IOException {
    Sha256.Sum plain = service.plainBaseline(b.id());
    if (plain == null) {
      try (InputStream in = BaselineArchive.open(Path.of(b.archivePath()),
          collection.cipher())) {
        plain = service.plainBaseline(b.id(), Sha256.of(in));
      }
    }
    return new Messages.Offer(row.name(), Messages.Kind.BASELINE,
        Path.of(b.archivePath()).getFileName().toString(), plain.size(), plain.hex(),
        plain.size(), plain.hex(), LinkCodec.IDENTITY, null, new Messages.BaselineFields(
            b.label(), b.startPos(), b.endPos(), b.lineage(), b.endedAt(), b.nextXid(),
            b.takenFrom()));
  }

  /** Reads a log file (checked against its checksum) and recompresses it for the link. */
  private Encoded encode(ProtectedServerRow row, Outbox.LogFile f) throws IOException {
    byte[] content = collection.readLogFile(row.name(), f.fileName()).orElseThrow(
        () -> new IOException(f.fileName() + " of " + row.name() + " is in the catalog but not in "
            + "the store"));
    LinkCodec.Encoded encoded = LinkCodec.encode(
        Connectors.forKind(row.kind()).logFormat(row.identity()), f.isSegment(), content,
        service.settings().compressionLevel()); // as set now, not at connection
    Messages.Offer offer = new Messages.Offer(row.name(), describe(row, f).kind(), f.fileName(),
        content.length, f.sha256(), encoded.bytes().length,
        Sha256.hex(encoded.bytes()), encoded.encoding(),
        f.isSegment() ? outbox.segmentBefore(row.id(), f.id()) : null, null);
    return new Encoded(offer, encoded.bytes());
  }

  private interface Source {
    InputStream open() throws IOException;
  }

  /**
   * Offers an object and sends what the peer does not hold yet, from its durable offset; a
   * damaged arrival is sent again, a few times. False if the peer reported a gap.
   */
  private boolean sendObject(Messages.Offer offer, Source source) throws IOException {
    for (int attempt = 1; ; attempt++) {
      wire.send(Wire.Type.OFFER, offer);
      Wire.Frame first = wire.receive();
      if (first.type() == Wire.Type.GAP) {
        blocked.add(offer.server());
        service.peerGap(offer.server(), first.json(Messages.Gap.class).reason());
        return false;
      }
      if (first.type() == Wire.Type.ERROR) {
        throw new PeerRefusedException(first.json(Messages.Error.class).message());
      }
      if (first.type() != Wire.Type.RESUME) {
        throw new IOException("the peer answered " + first.type() + " to the offer of "
            + offer.name());
      }
      Messages.Resume resume = first.json(Messages.Resume.class);
      if (!resume.have()) {
        try (InputStream in = source.open()) {
          in.skipNBytes(resume.offset());
          byte[] chunk = new byte[CHUNK];
          int n;
          while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
            wire.send(Wire.Type.DATA, chunk, 0, n);
            service.sent(n);
          }
        }
        wire.send(Wire.Type.END, new byte[0], 0, 0);
        wire.flush();
      }
      Wire.Frame answer = resume.have() ? null : wire.receive();
      if (answer == null || answer.type() == Wire.Type.ACK) {
        Double rpo = answer == null ? null : answer.json(Messages.Ack.class).rpoSeconds();
        service.acknowledged(offer.server(), offer.name(), rpo);
        return true;
      }
      if (answer.type() == Wire.Type.GAP) {
        String reason = answer.json(Messages.Gap.class).reason();
        blocked.add(offer.server());
        service.peerGap(offer.server(), reason);
        return false;
      }
      if (answer.type() == Wire.Type.ERROR) {
        throw new PeerRefusedException(answer.json(Messages.Error.class).message());
      }
      if (answer.type() != Wire.Type.RETRY) {
        throw new IOException("the peer answered " + answer.type() + " to " + offer.name());
      }
      String reason = answer.json(Messages.Retry.class).reason();
      log.warn("peer asks for {} of {} again (attempt {}): {}", offer.name(), offer.server(),
          attempt, reason);
      if (attempt >= TRIES) {
        throw new IOException(offer.name() + " of " + offer.server() + " arrived damaged "
            + TRIES + " times: " + reason);
      }
    }
  }
}
