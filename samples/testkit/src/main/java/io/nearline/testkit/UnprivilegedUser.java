package io.nearline.testkit;

import io.nearline.common.process.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root, and Samba needs a Unix account for its share user. When this
 * process is root, both use the system account {@value #NAME}, created on first use; otherwise
 * they run as the current user.
 */
public final class UnprivilegedUser {
  public static final String NAME = "nearline";
  private static volatile boolean ensured;

  private UnprivilegedUser() {}

  public static boolean isRoot() {
    return Program.isRoot();
  }

  /** The account servers run as and SMB users map to. */
  public static String name() {
    if (!isRoot()) {
      return System.getProperty("user.name");
    }
    ensureAccount();
    return NAME;
  }

  /** Gives the account {@code dir} and everything in it, and lets it reach {@code dir}. */
  public static void own(Path dir) {
    if (!isRoot()) {
      return;
    }
    try {
      UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(name());
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          Files.setOwner(p, user);
        }
      }
      // A JUnit @TempDir is 0700 root: let the account traverse (only) the folders above.
      for (Path p = dir.toAbsolutePath().getParent(); p != null && p.getParent() != null;
          p = p.getParent()) {
        Set<PosixFilePermission> perms = new HashSet<>(Files.getPosixFilePermissions(p));
        if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
          Files.setPosixFilePermissions(p, perms);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot give " + dir + " to " + NAME, e);
    }
  }

  private static synchronized void ensureAccount() {
    if (ensured) {
      return;
    }
    try {
      if (Program.of("id", "-u", NAME).exec().exitCode() != 0) {
        Command.run(Path.of("/"), "useradd", "--system", "--user-group", "--no-create-home",
            "--shell", "/usr/sbin/nologin", NAME);
      }
      ensured = true;
    } catch (IOException e) {
      throw new IllegalStateException("cannot look up account " + NAME + ": " + e.getMessage(), e);
    }
  }
}
