package io.nearline.common.secret;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Files that hold secrets, or that Nearline (perhaps as root) writes into others' folders. */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  private PrivateFiles() {}

  /**
   * Replaces {@code target} with a new file of this content and mode, given to {@code owner}
   * (null: left to this process). The folder may belong to someone who could put a link where
   * the file goes, so the file is created new with no access but its creator's (never opened
   * through a link), written through the handle that created it, given its owner and mode
   * without following links, and renamed into place: readers see the old file or the new one.
   */
  public static void replace(Path target, String mode, String content, String owner)
      throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + ".new");
    Files.deleteIfExists(temp);
    try (var out = Files.newByteChannel(temp, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      out.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
    }
    PosixFileAttributeView attributes = Files.getFileAttributeView(temp,
        PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (owner != null) {
      attributes.setOwner(temp.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(owner));
    }
    attributes.setPermissions(PosixFilePermissions.fromString(mode));
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Refuses a file that anyone but its owner may read or write, saying how to fix it.
   *
   * @param what what the file is, for the message: "the token file"
   */
  public static void requireOwnerOnly(Path file, String what) throws IOException {
    Set<PosixFilePermission> open = Files.getPosixFilePermissions(file);
    open.retainAll(OTHERS);
    if (!open.isEmpty()) {
      throw new IllegalArgumentException(what + " " + file + " can be read or written by "
          + "others (" + open + "): run 'chmod 600 " + file + "'");
    }
  }
}
