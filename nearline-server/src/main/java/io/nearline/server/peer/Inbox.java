package io.nearline.server.peer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Objects arriving from the active near-line, one partial file per object, with a note of how
 * many of its bytes are on disk for sure. After a drop or a crash the transfer resumes there:
 * bytes past the note may not have reached the disk and are cut off.
 */
final class Inbox {
  private static final long FLUSH_EVERY = 1 << 20;

  private static final long LOCK_WAIT_SECONDS = 60;

  private final Path dir;
  /** One receiver per object at a time: a dropped connection's may still be finishing. */
  private final java.util.Map<String, java.util.concurrent.locks.ReentrantLock> locks =
      new java.util.concurrent.ConcurrentHashMap<>();

  Inbox(Path dir) {
    this.dir = dir;
  }

  /** One object being received; its wire bytes identify it, so a changed object starts over. */
  final class Partial implements AutoCloseable {
    private final Path data;
    private final Path note;
    private final String wireSha256;
    private final java.util.concurrent.locks.ReentrantLock lock;
    private FileChannel channel;
    private long durable;
    private long written;

    private Partial(String server, String name, String wireSha256,
        java.util.concurrent.locks.ReentrantLock lock) throws IOException {
      this.lock = lock;
      Path serverDir = dir.resolve(server);
      Files.createDirectories(serverDir);
      this.data = serverDir.resolve(name + ".part");
      this.note = serverDir.resolve(name + ".note");
      this.wireSha256 = wireSha256;
      this.durable = readNote();
      this.channel = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.truncate(durable);
      channel.position(durable);
      this.written = durable;
    }

    /** Where the sender should go on from. */
    long offset() {
      return durable;
    }

    void append(byte[] bytes, int offset, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(bytes, offset, length);
      while (b.hasRemaining()) {
        channel.write(b);
      }
      written += length;
      if (written - durable >= FLUSH_EVERY) {
        flush();
      }
    }

    /** Makes what was written durable and notes it. */
    void flush() throws IOException {
      channel.force(false);
      durable = written;
      Path temp = note.resolveSibling(note.getFileName() + ".tmp");
      Files.writeString(temp, wireSha256 + " " + durable + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, note, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    long length() {
      return written;
    }

    Path path() {
      return data;
    }

    /** Drops the object: it is committed, or arrived damaged and will be sent again. */
    void discard() throws IOException {
      close();
      Files.deleteIfExists(note);
      Files.deleteIfExists(data);
    }

    private long readNote() throws IOException {
      if (!Files.exists(note) || !Files.exists(data)) {
        return 0;
      }
      String[] parts = Files.readString(note, StandardCharsets.US_ASCII).strip().split(" ");
      if (parts.length != 2 || !parts[0].equals(wireSha256)) {
        return 0; // another version of the object: start over
      }
      return Math.min(Long.parseLong(parts[1]), Files.size(data));
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        try {
          channel.close();
        } finally {
          channel = null;
          lock.unlock();
        }
      }
    }
  }

  /** Removes what is kept of an object, if anything. */
  void discard(String server, String name) throws IOException {
    Files.deleteIfExists(dir.resolve(server).resolve(name + ".note"));
    Files.deleteIfExists(dir.resolve(server).resolve(name + ".part"));
  }

  /** Opens an object's partial copy, waiting while another connection still holds it. */
  Partial open(String server, String name, String wireSha256) throws IOException {
    java.util.concurrent.locks.ReentrantLock lock = locks.computeIfAbsent(server + "/" + name,
        k -> new java.util.concurrent.locks.ReentrantLock());
    try {
      if (!lock.tryLock(LOCK_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IOException(name + " of " + server + " is still being received on another "
            + "connection");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("stopped");
    }
    try {
      return new Partial(server, name, wireSha256, lock);
    } catch (IOException | RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }
}
