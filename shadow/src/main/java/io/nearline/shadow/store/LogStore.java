package io.nearline.shadow.store;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files kept per protected server under {@code <root>/<server>/}; damaged files set aside under
 * {@code <root>/<server>/quarantine/}. Thread-safe: distinct files may be written concurrently.
 */
public final class LogStore {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String SUFFIX = ".zst";
  private static final String TEMP_PREFIX = ".tmp-";
  private static final int LEVEL = 1;

  private static final ThreadLocal<byte[]> COMPRESSION_BUFFER = new ThreadLocal<>();

  private final Path root;
  private final long reserveBytes;
  private final FreeSpace freeSpace;
  private volatile StoreCipher cipher = StoreCipher.NONE;

  /**
   * @param reserveBytes free space to leave on the store's file system; a write that would eat
   *     into it fails with {@link StoreFullException} before anything is written
   */
  public LogStore(Path root, long reserveBytes) {
    this(root, reserveBytes, new FreeSpace());
  }

  LogStore(Path root, long reserveBytes, FreeSpace freeSpace) {
    this.root = root;
    this.reserveBytes = reserveBytes;
    this.freeSpace = freeSpace;
  }

  public Path root() {
    return root;
  }

  /** Seals what is written from now on under {@code cipher}'s active key, and opens with it. */
  public void setCipher(StoreCipher cipher) {
    this.cipher = cipher;
  }

  public StoreCipher cipher() {
    return cipher;
  }

  /**
   * Compresses and stores {@code content} as {@code fileName}, replacing any earlier copy. When
   * this returns, the file and its directory entry are on disk.
   */
  public StoredLogFile put(String server, String fileName, byte[] content) throws IOException {
    return commit(prepare(server, fileName, content));
  }

  /**
   * The slow half of {@link #put}, safe to run for many files at once: checksum, compress, and
   * write to a temporary file that is flushed to disk. Nothing is in the store until
   * {@link #commit}; {@link #discard} throws the work away.
   */
  public PreparedFile prepare(String server, String fileName, byte[] content) throws IOException {
    String sha256 = Sha256.hex(content);
    byte[] out = compressionBuffer(content.length);
    int length = (int) Zstd.compressByteArray(out, 0, out.length, content, 0, content.length, LEVEL);
    Path target = serverDir(server).resolve(requireSafe(fileName) + SUFFIX);
    StoreCipher c = cipher;
    ByteBuffer stored = c.seals() ? ByteBuffer.wrap(c.seal(Arrays.copyOf(out, length)))
        : ByteBuffer.wrap(out, 0, length);
    int storedLength = stored.remaining();
    Path temp = writeTemporary(target, stored);
    return new PreparedFile(new StoredLogFile(fileName, sha256, content.length, storedLength,
        target), temp);
  }

  /** One output buffer per thread, kept: a segment's worth of garbage per file adds up. */
  private static byte[] compressionBuffer(int inputLength) {
    int bound = (int) Zstd.compressBound(inputLength);
    byte[] buffer = COMPRESSION_BUFFER.get();
    if (buffer == null || buffer.length < bound) {
      buffer = new byte[bound];
      COMPRESSION_BUFFER.set(buffer);
    }
    return buffer;
  }

  /** Puts a prepared file in place atomically and makes the rename durable. */
  public StoredLogFile commit(PreparedFile prepared) throws IOException {
    moveIntoPlace(prepared.temporary(), prepared.file().path());
    return prepared.file();
  }

  /** Removes a prepared file that will not be committed. */
  public void discard(PreparedFile prepared) throws IOException {
    Files.deleteIfExists(prepared.temporary());
  }

  /** A file written and flushed under a temporary name, not yet in the store. */
  public record PreparedFile(StoredLogFile file, Path temporary) {}

  /** The original bytes of a stored file, checked against the checksum recorded for it. */
  public byte[] read(String server, String fileName, String expectedSha256) throws IOException {
    Path path = serverDir(server).resolve(requireSafe(fileName) + SUFFIX);
    byte[] compressed;
    try {
      compressed = cipher.open(Files.readAllBytes(path));
    } catch (CorruptStoredFileException e) {
      throw new CorruptStoredFileException(path + " " + e.getMessage());
    }
    byte[] content;
    try {
      content = Zstd.decompress(compressed, (int) Zstd.getFrameContentSize(compressed));
    } catch (RuntimeException e) {
      throw new CorruptStoredFileException(path + " cannot be decompressed: " + e.getMessage());
    }
    String actual = Sha256.hex(content);
    if (!actual.equals(expectedSha256)) {
      throw new CorruptStoredFileException(path + " has SHA-256 " + actual + ", collected as "
          + expectedSha256);
    }
    return content;
  }

  /** Where a stored file is kept (compressed). */
  public Path pathOf(String server, String fileName) {
    return serverDir(server).resolve(requireSafe(fileName) + SUFFIX);
  }

  /**
   * Seals a stored file anew under the active key (its content checked first), replacing it
   * atomically; returns its new size. For key rotation: safe to repeat, and a crash leaves the
   * old or the new copy, both readable.
   */
  public long reseal(String server, String fileName, String expectedSha256) throws IOException {
    byte[] content = read(server, fileName, expectedSha256);
    PreparedFile p = prepare(server, fileName, content);
    commit(p);
    return p.file().storedSize();
  }

  public boolean contains(String server, String fileName) {
    return Files.exists(serverDir(server).resolve(requireSafe(fileName) + SUFFIX));
  }

  /** Keeps the bytes of a rejected file as evidence, uncompressed; returns where. */
  public Path quarantine(String server, String fileName, byte[] content) throws IOException {
    Path dir = serverDir(server).resolve("quarantine");
    Path target = dir.resolve(requireSafe(fileName) + "." + Instant.now().toEpochMilli());
    writeAtomically(target, content);
    return target;
  }

  /** Removes temporary files a crash left behind. Call before collection starts. */
  public int removeTemporaryFiles() throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      Path[] temps = files.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX))
          .toArray(Path[]::new);
      for (Path p : temps) {
        Files.deleteIfExists(p);
      }
      return temps.length;
    }
  }

  /** Deletes everything stored for {@code server}. */
  public void removeServer(String server) throws IOException {
    Path dir = serverDir(server);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private Path serverDir(String server) {
    return root.resolve(requireSafe(server));
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    moveIntoPlace(writeTemporary(target, ByteBuffer.wrap(bytes)), target);
  }

  /** Renames atomically, then flushes the directory so the rename survives a crash. */
  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(target.getParent());
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw isNoSpace(e) ? new StoreFullException(noSpaceMessage(target.getParent()), e) : e;
    }
  }

  private Path writeTemporary(Path target, ByteBuffer buffer) throws IOException {
    Path dir = target.getParent();
    Files.createDirectories(dir);
    requireRoom(dir, buffer.remaining());
    Path temp = dir.resolve(TEMP_PREFIX + target.getFileName());
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
      return temp;
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw isNoSpace(e) ? new StoreFullException(noSpaceMessage(dir), e) : e;
    }
  }

  /** Makes a folder's entries (a rename into it) durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private void requireRoom(Path dir, long bytes) throws IOException {
    long usable = freeSpace.usable(dir);
    if (usable < bytes + reserveBytes) {
      throw new StoreFullException(noSpaceMessage(dir) + " (" + usable / (1 << 20)
          + " MiB free, " + reserveBytes / (1 << 20) + " MiB reserved)", null);
    }
  }

  private static String noSpaceMessage(Path dir) {
    return "log store is full: no space left on the file system of " + dir;
  }

  private static boolean isNoSpace(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("No space left on device") || m.contains("Disk quota exceeded");
  }

  private static String requireSafe(String name) {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a safe store name: '" + name + "'");
    }
    return name;
  }
}
