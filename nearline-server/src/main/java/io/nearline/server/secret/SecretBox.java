package io.nearline.server.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (share passwords) with AES-256-GCM under a key kept in the data directory,
 * readable only by its owner, so the catalog never holds them in clear text.
 */
public final class SecretBox {
  private static final int IV_BYTES = 12;
  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  private SecretBox(SecretKey key) {
    this.key = key;
  }

  /** Loads the key from {@code keyFile}, creating it (mode 0600) on first use. */
  public static SecretBox open(Path keyFile) throws IOException {
    try {
      if (!Files.exists(keyFile)) {
        KeyGenerator gen = KeyGenerator.getInstance("AES");
        gen.init(256);
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
        Files.write(keyFile, gen.generateKey().getEncoded());
      }
      return new SecretBox(new SecretKeySpec(Files.readAllBytes(keyFile), "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no AES in this Java runtime", e);
    }
  }

  public String seal(char[] secret) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      byte[] sealed = c.doFinal(new String(secret).getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a secret", e);
    }
  }

  public char[] open(String sealed) {
    try {
      byte[] in = Base64.getDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
      byte[] plain = c.doFinal(in, IV_BYTES, in.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8).toCharArray();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a sealed secret does not open with this data directory's "
          + "key (was secret.key replaced?)", e);
    }
  }
}
