package io.nearline.server.smb;

import io.nearline.server.collect.Failures;
import io.nearline.services.ShareLocation;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtlmPasswordAuthenticator;
import jcifs.smb.SmbFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One protected server's log share. Reads are spread over several independent SMB connections
 * (one jcifs context each) because one connection is bound by round trips. Thread-safe.
 */
public final class SmbShare implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmbShare.class);

  private static final int READ_CHUNK = 1 << 20;

  private final ShareLocation location;
  private final List<CIFSContext> connections = new ArrayList<>();
  private final AtomicInteger nextConnection = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong resumes = new java.util.concurrent.atomic.AtomicLong();
  private final TransferRetry retry;
  private final NtlmPasswordAuthenticator credentials;

  /**
   * @param connections how many SMB connections to spread reads over
   * @param retry how a transfer that breaks mid-file is resumed
   */
  public SmbShare(ShareLocation location, String user, char[] password, int connections,
      TransferRetry retry) {
    this.location = location;
    this.retry = retry;
    String domain = null;
    String name = user;
    int slash = user.indexOf('\\');
    if (slash > 0) {
      domain = user.substring(0, slash);
      name = user.substring(slash + 1);
    }
    this.credentials = new NtlmPasswordAuthenticator(domain, name, new String(password));
    for (int i = 0; i < connections; i++) {
      this.connections.add(newContext(retry.timeout()).withCredentials(credentials));
    }
  }

  private static CIFSContext newContext(Duration timeout) {
    Properties p = new Properties();
    p.setProperty("jcifs.smb.client.minVersion", "SMB202");
    p.setProperty("jcifs.smb.client.maxVersion", "SMB311");
    p.setProperty("jcifs.smb.client.signingPreferred", "true");
    p.setProperty("jcifs.resolveOrder", "DNS");
    p.setProperty("jcifs.smb.client.connTimeout", Long.toString(timeout.toMillis()));
    p.setProperty("jcifs.smb.client.responseTimeout", Long.toString(timeout.toMillis()));
    p.setProperty("jcifs.smb.client.soTimeout", Long.toString(timeout.toMillis() + 5000));
    // Larger reads cut round trips; Samba allows up to 8 MiB per read.
    p.setProperty("jcifs.smb.client.rcv_buf_size", Integer.toString(1 << 20));
    p.setProperty("jcifs.smb.client.snd_buf_size", Integer.toString(1 << 20));
    try {
      return new BaseContext(new PropertyConfiguration(p));
    } catch (CIFSException e) {
      throw new IllegalStateException("invalid SMB client configuration", e);
    }
  }

  public ShareLocation location() {
    return location;
  }

  /** The files in the folder, unsorted, including ones still being written. */
  public List<RemoteFile> list() throws IOException {
    try (SmbFile dir = new SmbFile(location.url(), connections.get(0))) {
      List<RemoteFile> files = new ArrayList<>();
      for (SmbFile f : dir.listFiles()) {
        try (f) {
          if (!f.isDirectory()) {
            files.add(new RemoteFile(f.getName(), f.length(), f.lastModified()));
          }
        }
      }
      return files;
    }
  }

  /** Starts watching the folder for new names, on a connection of its own. */
  public FolderWatch watch() throws IOException {
    return FolderWatch.open(location.url(), newContext(retry.timeout()).withCredentials(credentials));
  }

  /**
   * Reads a whole file. If the transfer breaks, a new stream is opened on a fresh request and
   * positioned at the bytes already received: a broken stream is never read again.
   */
  public byte[] read(RemoteFile file) throws IOException {
    return read(file, null, TransferWatcher.NONE);
  }

  /**
   * {@link #read(RemoteFile)} into {@code reuse} when the file has exactly its length (the usual
   * case for segments); into a new array otherwise. Returns the array holding the whole file.
   * {@code watcher} hears of each break and of the resumed transfer's end.
   */
  public byte[] read(RemoteFile file, byte[] reuse, TransferWatcher watcher) throws IOException {
    byte[] buffer = reuse != null && reuse.length == file.size() ? reuse
        : new byte[(int) Math.max(file.size(), 4096)];
    int have = 0;
    for (int attempt = 1; ; attempt++) {
      CIFSContext context = connections.get(
          Math.floorMod(nextConnection.getAndIncrement(), connections.size()));
      try (SmbFile f = new SmbFile(location.url() + file.name(), context);
           InputStream in = f.getInputStream()) {
        skipFully(in, have);
        while (true) {
          if (have == buffer.length) {
            int next = in.read();
            if (next < 0) {
              return done(file, attempt, watcher, buffer);
            }
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
            buffer[have++] = (byte) next;
          }
          // Bounded reads keep 'have' current, so a break loses at most one chunk.
          int n = in.read(buffer, have, Math.min(READ_CHUNK, buffer.length - have));
          if (n < 0) {
            return done(file, attempt, watcher, Arrays.copyOf(buffer, have));
          }
          have += n;
        }
      } catch (IOException e) {
        if (!Failures.isRetriable(e) || attempt >= retry.attempts()) {
          throw new IOException("reading " + file.name() + " at byte " + have + ": "
              + e.getMessage(), e);
        }
        Duration pause = retry.backoff().after(attempt);
        resumes.incrementAndGet();
        log.atWarn().addKeyValue("file", file.name()).addKeyValue("offset", have)
            .addKeyValue("attempt", attempt + 1).addKeyValue("cause", e.getMessage())
            .log("transfer broken, resuming on a new stream after {} ms", pause.toMillis());
        watcher.broken(file, have, attempt + 1, retry.attempts(), pause, e.getMessage());
        sleep(pause);
      }
    }
  }

  private static byte[] done(RemoteFile file, int attempt, TransferWatcher watcher,
      byte[] content) {
    if (attempt > 1) {
      watcher.resumed(file);
    }
    return content;
  }

  /** How many broken transfers have been resumed on a new stream. */
  public long resumes() {
    return resumes.get();
  }

  private static void skipFully(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        throw new IOException("file shrank while resuming at byte " + bytes);
      }
      left -= skipped;
    }
  }

  private static void sleep(Duration d) throws IOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting to resume");
    }
  }

  @Override
  public void close() {
    for (CIFSContext c : connections) {
      try {
        c.close();
      } catch (CIFSException e) {
        log.debug("closing SMB context", e);
      }
    }
  }
}
