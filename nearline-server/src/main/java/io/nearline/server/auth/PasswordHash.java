package io.nearline.server.auth;

import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Passwords people choose, stored as bcrypt (Bouncy Castle's, already on the class path for
 * SMB). Unlike tokens, which are random, these can be guessed: the hash must be slow.
 */
final class PasswordHash {
  /** About a quarter of a second on one core here: slow to guess, quick enough to sign in. */
  static final int COST = 12;
  static final int MIN_LENGTH = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  static String of(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
  }

  static boolean matches(String hash, String password) {
    return hash != null && OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
  }
}
