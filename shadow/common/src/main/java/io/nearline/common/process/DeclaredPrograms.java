package io.nearline.common.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The external programs Nearline may run, read from {@code samples/setup/programs.tsv} (packaged
 * as a resource): the list the install script installs from. Under the tests ({@code
 * NEARLINE_PROGRAMS_STRICT=1}), programs run with a PATH that holds only the declared ones, so
 * that a shell script calling an undeclared program fails in the tests, not on a fresh machine.
 */
public final class DeclaredPrograms {
  static final String SOURCE = "samples/setup/programs.tsv";
  private static final String RESOURCE = "programs.tsv";
  private static final List<String> SYSTEM_DIRS =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  /** One line of the declaration. */
  public record Declared(String program, String debianPackage, String usedBy, String why) {
    /** The name a command line uses: the program's file name. */
    public String name() {
      return Path.of(program).getFileName().toString();
    }
  }

  private static final Map<String, Declared> DECLARED = load();
  private static volatile Path strictPath;

  private DeclaredPrograms() {}

  /**
   * Fails with what to do when {@code program} (a name or a path) is not declared. Programs are
   * known by name: PostgreSQL's, declared where Debian puts version 15, run from the binaries of
   * the primary's own version.
   */
  static void require(String program) {
    String name = Path.of(program).getFileName().toString();
    if (!DECLARED.containsKey(name)) {
      throw new UndeclaredProgramException(name + " is not declared in " + SOURCE + ": add it"
          + " with the Debian package that brings it, so that a fresh machine installs it");
    }
  }

  /** Whether children run with only the declared programs on their PATH (the tests). */
  static boolean strict() {
    return "1".equals(System.getenv("NEARLINE_PROGRAMS_STRICT"))
        || Boolean.getBoolean("nearline.programs.strict");
  }

  /**
   * A folder of links to the declared programs found on this machine, for a child's PATH; made
   * once for each account and set of programs found, and shared by that account's JVMs.
   */
  static Path strictPath() {
    Path p = strictPath;
    if (p == null) {
      synchronized (DeclaredPrograms.class) {
        if (strictPath == null) {
          strictPath = makeStrictPath();
        }
        p = strictPath;
      }
    }
    return p;
  }

  private static Path makeStrictPath() {
    String path = System.getenv().getOrDefault("PATH", "");
    Map<String, Path> found = new TreeMap<>();
    try {
      for (Declared d : DECLARED.values()) {
        locate(d.name(), path).ifPresent(real -> found.put(d.name(), real));
      }
      // Named by what it holds: a program installed since gets a new folder, not a stale one.
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "nearline-declared-programs-"
          + System.getProperty("user.name") + "-" + digest(found.toString()));
      if (ours(dir)) {
        return dir;
      }
      Path temp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      for (Map.Entry<String, Path> program : found.entrySet()) {
        Files.createSymbolicLink(temp.resolve(program.getKey()), program.getValue());
      }
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        return temp; // someone else's: this JVM keeps a folder of its own
      }
      try {
        Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        try {
          deleteLinks(temp);
        } catch (IOException cleanUp) {
          e.addSuppressed(cleanUp);
        }
        if (!ours(dir)) {
          throw e;
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the declared programs' PATH", e);
    }
  }

  /** A folder this account made, that no one else can write to. */
  private static boolean ours(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
    return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName()
        .equals(System.getProperty("user.name"))
        && !mode.contains(PosixFilePermission.GROUP_WRITE)
        && !mode.contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static void deleteLinks(Path dir) throws IOException {
    try (var links = Files.list(dir)) {
      for (Path link : links.toList()) {
        Files.delete(link);
      }
    }
    Files.delete(dir);
  }

  /** The real file {@code name} runs on this machine, looked up on {@code path} then sbin. */
  private static Optional<Path> locate(String name, String path) throws IOException {
    List<String> dirs = new ArrayList<>(List.of(path.split(":")));
    dirs.addAll(SYSTEM_DIRS);
    for (String d : dirs) {
      if (d.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(d, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toRealPath());
      }
    }
    return Optional.empty();
  }

  private static Map<String, Declared> load() {
    try (InputStream in = DeclaredPrograms.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      Map<String, Declared> out = new LinkedHashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 4) {
          throw new IllegalStateException(SOURCE + ": expected program, package, used by and "
              + "why separated by tabs: " + line);
        }
        Declared d = new Declared(f[0], f[1], f[2], f[3]);
        out.putIfAbsent(d.name(), d);
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static String digest(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Code asked to run a program the declaration does not list. */
  public static final class UndeclaredProgramException extends IllegalStateException {
    UndeclaredProgramException(String message) {
      super(message);
    }
  }
}
