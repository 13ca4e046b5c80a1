package io.nearline.server.auth;

import io.nearline.common.secret.PrivateFiles;
import io.nearline.services.web.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At first start, before any token exists, makes the first admin token and writes it to a file
 * only the server's account can read: nobody types a default password, and nothing is open
 * while the first token is being made.
 */
public final class FirstAdmin {
  private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
  public static final String NAME = "admin";

  private FirstAdmin() {}

  public static void ensure(Credentials credentials, Path file) {
    if (credentials.anyToken()) {
      return;
    }
    // Written before the token is committed: a start that dies in between leaves no token
    // that nobody has, and the next start makes one again.
    credentials.createToken(NAME, Role.ADMIN, secret -> write(file, secret.reveal()));
    log.atInfo().addKeyValue("file", file).log("first admin token written (mode 0600); use "
        + "it with 'nearline --token-file {}' and make a token per person with 'nearline token "
        + "create'", file);
  }

  private static void write(Path file, String token) {
    try {
      // Replaces a stale file from a catalog since deleted; 0600 from its creation.
      PrivateFiles.replace(file, "rw-------", token + "\n", null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the first admin token to " + file, e);
    }
  }
}
