package io.nearline.server.cli;

import io.nearline.common.secret.PrivateFiles;
import io.nearline.common.secret.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLI finds its API token: {@code --token-file}, else {@code $NEARLINE_TOKEN}, else
 * {@code ~/.config/nearline/token}. A token is never taken from the command line, which every
 * user on the host can read with {@code ps}; and a file anyone else can read is refused.
 */
final class TokenSource {
  static final String ENV = "NEARLINE_TOKEN";
  static final Path HOME_FILE = Path.of(".config", "nearline", "token");

  private TokenSource() {}

  /** The token to send, or empty if none is configured. */
  static Optional<Secret> find(Path tokenFile, Map<String, String> env, Path home) {
    if (tokenFile != null) {
      return Optional.of(read(tokenFile));
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(Secret.of(fromEnv.strip()));
    }
    Path inHome = home.resolve(HOME_FILE);
    return Files.exists(inHome) ? Optional.of(read(inHome)) : Optional.empty();
  }

  static Secret read(Path file) {
    try {
      PrivateFiles.requireOwnerOnly(file, "the token file");
      String token = Files.readString(file).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("the token file " + file + " is empty");
      }
      return Secret.of(token);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the token file " + file + ": " + e, e);
    }
  }
}
