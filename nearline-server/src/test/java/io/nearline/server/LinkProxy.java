package io.nearline.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder between two near-lines' links, which a test can cut (every connection
 * dropped, new ones refused) and make flip one byte on its way.
 */
final class LinkProxy implements AutoCloseable {
  private final ServerSocket listener;
  private volatile int target;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cut = new AtomicBoolean();
  private final AtomicLong flipAfter = new AtomicLong(-1);
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closed;

  private LinkProxy() throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "link-proxy");
    t.setDaemon(true);
    t.start();
  }

  /** Listening already (so no port picked after it can be its), forwarding nowhere yet. */
  static LinkProxy listening() throws IOException {
    return new LinkProxy();
  }

  LinkProxy to(int port) {
    this.target = port;
    return this;
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Drops every connection and refuses new ones until {@link #restore}. */
  void cut() {
    cut.set(true);
    open.forEach(LinkProxy::closeQuietly);
    open.clear();
  }

  void restore() {
    cut.set(false);
  }

  /** Flips one bit of the byte that comes {@code bytes} from now, towards the target. */
  void flipByteAfter(long bytes) {
    flipAfter.set(forwarded.get() + bytes);
  }

  boolean flipped() {
    return flipAfter.get() < 0;
  }

  long connections() {
    return connections.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (cut.get()) {
          client.close();
          continue;
        }
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(client);
        open.add(server);
        connections.incrementAndGet();
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to, boolean towardsTarget) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 << 10];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (towardsTarget) {
            long start = forwarded.getAndAdd(n);
            long flip = flipAfter.get();
            if (flip >= start && flip < start + n && flipAfter.compareAndSet(flip, -1)) {
              buffer[(int) (flip - start)] ^= 0x20;
            }
          }
          out.write(buffer, 0, n);
        }
      } catch (IOException ended) {
        // one side closed or was cut
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "link-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    cut();
    listener.close();
  }
}
