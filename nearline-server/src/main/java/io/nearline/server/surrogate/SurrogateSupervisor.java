package io.nearline.server.surrogate;

import io.nearline.common.secret.Secret;
import io.nearline.server.catalog.Baselines;
import io.nearline.server.catalog.ProtectedServerRow;
import io.nearline.server.collect.SurrogateView;
import io.nearline.services.ConsistencyPoint;
import io.nearline.services.Severity;
import io.nearline.services.SurrogateState;
import io.nearline.shadow.ApplicationConnector;
import io.nearline.shadow.Baseline;
import io.nearline.shadow.Position;
import io.nearline.shadow.ReplayStatus;
import io.nearline.shadow.ShadowException;
import io.nearline.shadow.Shadowing;
import io.nearline.shadow.Surrogate;
import io.nearline.shadow.SurrogateSettings;
import io.nearline.shadow.store.BaselineArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one server's surrogate: seeds it, keeps it running, follows its replay. Every method
 * runs on the service's scheduler, one at a time for a given server.
 */
final class SurrogateSupervisor {
  private static final Logger log = LoggerFactory.getLogger(SurrogateSupervisor.class);

  private final ProtectedServerRow row;
  private final ApplicationConnector connector;
  private final Shadowing shadowing;
  private final SurrogateService.Context ctx;
  private volatile Surrogate surrogate;
  private volatile SurrogateState state = SurrogateState.NONE;
  private volatile String error;
  private volatile Position replayed;
  private volatile Instant replayedAt;
  private Instant lastAdvanceAt;
  /** When collected log beyond replay was first seen since replay last advanced, or null. */
  private Instant behindSince;
  /** Issued once per supervisor: a Nearline restart revokes it and gives the surrogate anew. */
  private Secret credential;
  /** Whether this process has written the running surrogate's restore step yet. */
  private boolean restoreStepWritten;
  private Instant lastPointAt;
  private Position lastPoint;
  private Instant nextSeedAt = Instant.EPOCH;
  private int restarts;
  /** One synthetic baseline at a time. */
  private final Object syntheticLock = new Object();

  SurrogateSupervisor(ProtectedServerRow row, ApplicationConnector connector,
      Shadowing shadowing, SurrogateService.Context ctx) {
    this.row = row;
    this.connector = connector;
    this.shadowing = shadowing;
    this.ctx = ctx;
  }

  SurrogateView view() {
    Instant at = replayedAt;
    Double rpo = at == null ? null : Math.max(0, Duration.between(at, Instant.now()).toMillis() / 1000.0);
    Surrogate s = surrogate;
    return new SurrogateView(state, replayed, at, rpo,
        s == null || !s.exists() ? null : s.connectionString(), error, latestPoint());
  }

  private ConsistencyPoint latestPoint() {
    try {
      return ctx.baselines().latestPoint(row.id()).map(p -> new ConsistencyPoint(
          connector.parsePosition(p.position()), p.commitTime(), p.recordedAt())).orElse(null);
    } catch (org.jdbi.v3.core.JdbiException e) {
      log.warn("cannot read the latest consistency point of {}: {}", row.name(), e.toString());
      return null;
    }
  }

  /**
   * One step: seed if there is no surrogate yet, otherwise keep it running and follow it — unless
   * it is held stopped.
   */
  synchronized void tick() {
    try {
      if (surrogate == null && row.surrogatePort() != null) {
        surrogate = shadowing.surrogate(settings(row.surrogatePort()), row.primaryConnection());
      }
      Path hold = holdFile(ctx, row.name());
      if (Files.exists(hold)) {
        if (state != SurrogateState.HELD) {
          to(SurrogateState.HELD, null, "held stopped: " + Files.readString(hold).strip());
        }
        return;
      }
      if (surrogate == null || !surrogate.exists()) {
        if (Instant.now().isAfter(nextSeedAt)) {
          seed();
        }
        return;
      }
      follow();
    } catch (Exception e) {
      fail(e instanceof ShadowException || e.getMessage() != null ? e.getMessage() : e.toString());
    }
  }

  /**
   * Takes a baseline, waits for its log, verifies it, keeps it, and starts the surrogate. A
   * near-line that receives its log from another seeds from the newest baseline received.
   */
  private void seed() throws Exception {
    if (ctx.collection().isStandingBy()) {
      seedFromKept();
      return;
    }
    to(SurrogateState.SEEDING, null, "taking a baseline from the primary");
    Path dir = ctx.surrogatesDir().resolve(row.name()).resolve("baseline-" + System.currentTimeMillis());
    Baseline baseline;
    Instant endedAt;
    try {
      baseline = shadowing.takeBaseline(row.primaryConnection(), row.identity(), dir,
          ctx.config().osUser());
      endedAt = Instant.now();
      Path newLineage = newLineageFile(ctx, row.name());
      if (Files.exists(newLineage)) {
        ctx.collection().restartAt(row.name(), shadowing.filesNeeded(baseline).get(0));
        Files.delete(newLineage);
      }
      awaitCollected(baseline);
      shadowing.verifyBaseline(baseline, this::readCollected, ctx.config().osUser());
    } catch (Exception e) {
      // A failed copy is as large as the database: never leave one behind for the next try.
      Directories.delete(dir);
      throw e;
    }
    Baselines.BaselineRow kept = BaselineKeeper.keep(ctx, row.id(), row.name(), baseline,
        Baselines.Origin.PRIMARY, endedAt, false);
    start(baseline, "baseline " + baseline.start() + " to " + baseline.end()
        + " verified and kept (" + kept.archiveSize() / (1 << 20) + " MiB)");
  }

  /**
   * A synthetic baseline: a copy of the replaying surrogate (never the primary), verified
   * against the collected log, kept and published. Runs beside the supervisor's rounds: it only
   * reads the surrogate.
   */
  Baselines.BaselineRow takeSynthetic() throws Exception {
    synchronized (syntheticLock) {
      return copySurrogate();
    }
  }

  private Baselines.BaselineRow copySurrogate() throws Exception {
    Surrogate s = surrogate;
    if (s == null || state != SurrogateState.REPLAYING) {
      throw new IllegalStateException(row.name() + "'s surrogate is " + state.name()
          .toLowerCase(java.util.Locale.ROOT) + "; baselines are taken from a replaying "
          + "surrogate");
    }
    Path dir = ctx.surrogatesDir().resolve(row.name()).resolve("synthetic-"
        + System.currentTimeMillis());
    try {
      Baseline baseline = shadowing.takeBaseline(s.connectionString(), row.identity(), dir,
          ctx.config().osUser());
      // Every commit up to the copy's end was replayed by now: the last one replayed bounds
      // their times more tightly than the clock, which runs ahead by the surrogate's lag (a
      // second more: concurrent commits reach the log slightly out of time order).
      Instant endedAt = Instant.now();
      try {
        Instant replayed = s.replayStatus().lastCommitAt();
        if (replayed != null && replayed.plusSeconds(1).isBefore(endedAt)) {
          endedAt = replayed.plusSeconds(1);
        }
      } catch (ShadowException notAnswering) {
        // the clock's bound is safe too
      }
      shadowing.verifyBaseline(baseline, this::readCollected, ctx.config().osUser());
      return BaselineKeeper.keep(ctx, row.id(), row.name(), baseline,
          Baselines.Origin.SURROGATE, endedAt, true);
    } finally {
      Directories.delete(dir);
    }
  }

  /** Unpacks the newest kept baseline, verifies it against the log, and starts from it. */
  private void seedFromKept() throws Exception {
    List<Baselines.BaselineRow> kept = ctx.baselines().all(row.id());
    if (kept.isEmpty()) {
      if (state != SurrogateState.SEEDING) {
        to(SurrogateState.SEEDING, null, "waiting for a baseline from the active near-line");
      }
      return;
    }
    Baselines.BaselineRow b = kept.get(0);
    to(SurrogateState.SEEDING, null, "seeding from baseline " + b.label() + ", received from "
        + "the active near-line");
    Path dir = ctx.surrogatesDir().resolve(row.name()).resolve("baseline-" + System.currentTimeMillis());
    Baseline baseline = new Baseline(dir, b.label(), connector.parsePosition(b.start()),
        connector.parsePosition(b.end()), b.lineage(), b.nextXid());
    try {
      BaselineArchive.unpack(Path.of(b.archivePath()), dir, ctx.cipher().get());
      awaitCollected(baseline);
      shadowing.verifyBaseline(baseline, this::readCollected, ctx.config().osUser());
    } catch (Exception e) {
      Directories.delete(dir);
      throw e;
    }
    start(baseline, "baseline " + b.label() + " unpacked and verified");
  }

  private void start(Baseline baseline, String how) throws Exception {
    int port = io.nearline.server.surrogate.Ports.free();
    ctx.servers().setSurrogatePort(row.id(), port);
    Surrogate s = shadowing.surrogate(settings(port), row.primaryConnection());
    s.create(baseline);
    surrogate = s;
    s.start();
    lastAdvanceAt = Instant.now();
    to(SurrogateState.STARTING, null, how + "; surrogate starting on port " + port);
  }

  private java.util.Optional<byte[]> readCollected(String fileName) throws java.io.IOException {
    return ctx.collection().readLogFile(row.name(), fileName);
  }

  private void awaitCollected(Baseline baseline) throws Exception {
    Instant deadline = Instant.now().plus(ctx.config().walWait());
    for (String name : shadowing.filesNeeded(baseline)) {
      while (readCollected(name).isEmpty()) {
        if (Instant.now().isAfter(deadline)) {
          throw new ShadowException("the baseline needs " + name + ", not collected after "
              + ctx.config().walWait() + "; is the primary archiving?");
        }
        Thread.sleep(200);
      }
    }
  }

  /** Restarts it if it stopped; reads its replay position; records points; detects stalls. */
  private void follow() throws Exception {
    if (!restoreStepWritten) {
      surrogate.writeRestoreStep(); // it may have run on through a restart of Nearline
      restoreStepWritten = true;
    }
    if (!surrogate.isRunning()) {
      restarts++;
      to(SurrogateState.STARTING, null, "surrogate was not running; starting it (restart " + restarts + ")");
      surrogate.start();
      lastAdvanceAt = Instant.now();
      return;
    }
    ReplayStatus rs;
    try {
      rs = surrogate.replayStatus();
    } catch (ShadowException notYet) {
      checkStall();
      return;
    }
    Instant now = Instant.now();
    if (!Objects.equals(rs.position(), replayed)) {
      lastAdvanceAt = now;
      replayed = rs.position();
    }
    if (rs.lastCommitAt() != null) {
      replayedAt = rs.lastCommitAt();
    }
    if (replayed != null && !replayed.equals(lastPoint) && (lastPointAt == null
        || Duration.between(lastPointAt, now).compareTo(ctx.config().pointEvery()) >= 0)) {
      ctx.baselines().recordPoint(row.id(), new Baselines.PointRow(replayed.text(),
          replayedAt, now));
      lastPointAt = now;
      lastPoint = replayed;
    }
    if (!checkStall()) {
      to(SurrogateState.REPLAYING, null, "replaying");
    }
  }

  /**
   * Stalled: nothing replayed for {@code stallAfter} although there is collected log it has not
   * reached: a segment collected since it last advanced, or one that starts beyond where it
   * stands (it may have advanced after that segment came, and stopped in front of it). Counted
   * from when that log was first seen, not from the last advance: after a quiet hour the first
   * new segment is not a stall. A failing fetch looks exactly like "not there yet" to
   * PostgreSQL, so this is the only way to notice; the cause is quoted from the surrogate's own
   * log.
   */
  private boolean checkStall() {
    Instant advanced = lastAdvanceAt;
    if (advanced == null || !collectedBeyondReplay(advanced)) {
      behindSince = null;
      return false;
    }
    if (behindSince == null || behindSince.isBefore(advanced)) {
      behindSince = Instant.now();
    }
    if (Duration.between(behindSince, Instant.now()).compareTo(ctx.config().stallAfter()) < 0) {
      return false;
    }
    String cause = String.join(" | ", surrogate.recentProblems());
    to(SurrogateState.STALLED, "replay has not advanced for " + Duration.between(advanced, Instant.now())
        .toSeconds() + " s while newer log was collected" + (cause.isEmpty() ? ""
        : "; surrogate log: " + cause), null);
    return true;
  }

  private boolean collectedBeyondReplay(Instant advanced) {
    Instant collected = ctx.collection().lastCollectedAt(row.name());
    if (collected != null && collected.isAfter(advanced)) {
      return true;
    }
    Position at = replayed;
    return at != null && ctx.collection().newestSegmentStart(row.name())
        .map(start -> connector.parsePosition(start).asNumber() > at.asNumber()).orElse(false);
  }

  private void fail(String message) {
    nextSeedAt = Instant.now().plus(ctx.config().seedRetry());
    to(SurrogateState.FAILED, message, null);
  }

  private SurrogateSettings settings(int port) {
    if (credential == null) {
      credential = ctx.newCredential(row.name());
    }
    return new SurrogateSettings(replicaDir(ctx, row.name()), port, ctx.config().osUser(),
        ctx.fetchUrl(row.name()), credential, ctx.serverCertificate());
  }

  static Path replicaDir(SurrogateService.Context ctx, String server) {
    return ctx.surrogatesDir().resolve(server).resolve("replica");
  }

  /**
   * While this file exists the surrogate stays stopped (an instant copy is built on its data);
   * a file, so that the hold outlasts a restart of Nearline.
   */
  static Path holdFile(SurrogateService.Context ctx, String server) {
    return replicaDir(ctx, server).resolve("held");
  }

  /** While this file exists, the next baseline starts a new lineage: collection restarts at it. */
  static Path newLineageFile(SurrogateService.Context ctx, String server) {
    return ctx.surrogatesDir().resolve(server).resolve("new-lineage");
  }

  /**
   * Drops the surrogate and seeds a new one, collection restarting at the new baseline: after a
   * failback the primary is on a timeline the old surrogate cannot follow. Once under way,
   * asking again changes nothing.
   */
  synchronized void rebaseline(String reason) throws IOException, ShadowException {
    Path flag = newLineageFile(ctx, row.name());
    if (Files.exists(flag)) {
      return;
    }
    if (surrogate != null) {
      surrogate.stop();
    }
    Files.createDirectories(flag.getParent());
    Files.writeString(flag, reason);
    Directories.delete(replicaDir(ctx, row.name()));
    surrogate = null;
    nextSeedAt = Instant.EPOCH;
    to(SurrogateState.NONE, null, "dropped for a new baseline: " + reason);
  }

  /**
   * Stops the surrogate cleanly and keeps it stopped while anyone holds it: each holder is a
   * line of the hold file (an instant copy and a drill's sandbox may share its files, which
   * neither writes), and it runs again only when the last has let go.
   */
  synchronized void hold(String holder) throws IOException, ShadowException {
    Path file = holdFile(ctx, row.name());
    List<String> holders = holders(file);
    if (!holders.contains(holder)) {
      holders.add(holder);
      Files.write(file, holders);
    }
    if (surrogate != null) {
      surrogate.stop();
    }
    to(SurrogateState.HELD, null, "held stopped: " + String.join("; ", holders));
  }

  /**
   * Lets go of {@code holder}'s hold; when no one holds the surrogate any more, starts it now
   * (never seeds: a missing surrogate waits for its round). A holder that does not hold it
   * releases nothing.
   */
  synchronized void release(String holder) throws IOException {
    Path file = holdFile(ctx, row.name());
    List<String> holders = holders(file);
    if (!holders.remove(holder)) {
      return;
    }
    if (!holders.isEmpty()) {
      Files.write(file, holders);
      return;
    }
    Files.deleteIfExists(file);
    try {
      if (surrogate != null && surrogate.exists() && !surrogate.isRunning()) {
        surrogate.start();
        lastAdvanceAt = Instant.now();
        to(SurrogateState.STARTING, null, "released by " + holder + "; starting");
      }
    } catch (Exception e) {
      log.warn("the surrogate of {} did not start after its release; its next round retries: "
          + "{}", row.name(), e.toString());
    }
  }

  private static List<String> holders(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    if (Files.exists(file)) {
      Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty())
          .forEach(out::add);
    }
    return out;
  }

  private void to(SurrogateState next, String problem, String info) {
    error = problem;
    if (next == state && info == null) {
      return;
    }
    SurrogateState previous = state;
    state = next;
    if (previous == next && next != SurrogateState.STARTING && next != SurrogateState.SEEDING) {
      return;
    }
    String message = "surrogate " + previous.label() + " -> " + next.label()
        + (problem != null ? ": " + problem : info != null ? ": " + info : "");
    Severity severity = next == SurrogateState.STALLED || next == SurrogateState.FAILED
        ? Severity.ERROR : Severity.INFO;
    log.atLevel(org.slf4j.event.Level.valueOf(severity.name())).addKeyValue("server", row.name())
        .log(message);
    try {
      ctx.incidents().event(row.name(), severity, message);
    } catch (Exception e) {
      log.warn("cannot record event: {}", e.toString());
    }
  }

  void stop() {
    Surrogate s = surrogate;
    if (s != null) {
      try {
        s.stop();
      } catch (ShadowException e) {
        log.warn("stopping the surrogate of {}: {}", row.name(), e.getMessage());
      }
    }
  }
}
