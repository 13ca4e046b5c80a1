package io.nearline.server.collect;

import io.nearline.server.smb.FolderWatch;
import io.nearline.server.smb.SmbShare;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a collector's share as soon as a name changes in its folder, so that a segment archived
 * just after a poll does not wait for the next one. The scheduled polls go on regardless: a share
 * that cannot be watched, or a lost notification, costs latency and nothing else.
 *
 * <p>One thread per protected server, blocked on its own SMB connection. It runs the poll itself,
 * so a burst of changes never piles polls up on the shared scheduler.
 */
final class WakeOnChange implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WakeOnChange.class);

  private final SmbShare share;
  private final Runnable poll;
  private final Duration retryAfter;
  private final String server;
  private final Thread thread;
  private volatile boolean closed;
  private volatile FolderWatch current;

  private WakeOnChange(SmbShare share, Runnable poll, Duration retryAfter, String server) {
    this.share = share;
    this.poll = poll;
    this.retryAfter = retryAfter;
    this.server = server;
    this.thread = new Thread(this::run, "nearline-watch-share-" + server);
    thread.setDaemon(true);
  }

  /** Starts watching; {@code retryAfter} is the pause before watching again after a failure. */
  static WakeOnChange start(SmbShare share, Runnable poll, Duration retryAfter, String server) {
    WakeOnChange w = new WakeOnChange(share, poll, retryAfter, server);
    w.thread.start();
    return w;
  }

  private void run() {
    boolean warned = false;
    while (!closed) {
      try (FolderWatch watch = share.watch()) {
        current = watch;
        if (closed) {
          return;
        }
        if (warned) {
          log.atInfo().addKeyValue("server", server).log("watching the share for changes again");
          warned = false;
        }
        poll.run(); // what changed before the watch was open
        while (true) {
          watch.awaitChange();
          if (closed) {
            return;
          }
          poll.run();
        }
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        if (!warned) {
          log.atInfo().addKeyValue("server", server).addKeyValue("cause", e.getMessage())
              .log("cannot watch the share for changes; new segments wait for the next poll");
          warned = true;
        }
        pause();
      }
    }
  }

  private synchronized void pause() {
    try {
      if (!closed) {
        wait(retryAfter.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /**
   * Stops watching. Never interrupts the thread: a poll it has started finishes, and the collector
   * ignores polls once closed.
   */
  @Override
  public void close() {
    closed = true;
    FolderWatch watch = current;
    if (watch != null) {
      watch.close();
    }
    synchronized (this) {
      notifyAll();
    }
  }
}
