package io.nearline.server.secret;

import io.nearline.server.catalog.Catalog;
import io.nearline.shadow.store.StoreCipher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's data keys, kept in the catalog wrapped (AES-256-GCM) by a master key file the
 * user keeps, mode 0600, apart from the store. Without the master key nothing sealed can be
 * read, and the server says so and does not start.
 */
public final class StoreKeys {
  private static final Logger log = LoggerFactory.getLogger(StoreKeys.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A data key as the catalog keeps it. */
  public record KeyRow(int id, String wrapped, Instant createdAt, boolean active) {}

  private final Jdbi jdbi;
  private volatile byte[] master;
  private volatile StoreCipher cipher;

  private StoreKeys(Jdbi jdbi, byte[] master, StoreCipher cipher) {
    this.jdbi = jdbi;
    this.master = master;
    this.cipher = cipher;
  }

  /**
   * Opens the store's keys with the master key in {@code masterKeyFile}; null when the store is
   * kept in clear. A master key file that does not exist yet is made (mode 0600) when the store
   * has no keys: encryption is turned on from then on.
   *
   * @throws IllegalStateException saying plainly why the store cannot be opened
   */
  public static StoreKeys open(Catalog catalog, Path masterKeyFile) throws IOException {
    Jdbi jdbi = catalog.jdbi();
    List<KeyRow> rows = rows(jdbi);
    if (masterKeyFile == null) {
      if (!rows.isEmpty()) {
        throw new IllegalStateException("the store is encrypted (" + rows.size() + " data "
            + "keys): start the server with --master-key FILE, the key it was encrypted with; "
            + "without it nothing in the store can be read");
      }
      return new StoreKeys(jdbi, null, StoreCipher.NONE);
    }
    if (!Files.exists(masterKeyFile)) {
      if (!rows.isEmpty()) {
        throw new IllegalStateException("the master key file " + masterKeyFile + " does not "
            + "exist, and the store's data keys are wrapped by it: without it nothing in the "
            + "store can be read");
      }
      byte[] made = new byte[32];
      RANDOM.nextBytes(made);
      writeKeyFile(masterKeyFile, made);
      log.warn("made a new master key in {}: keep a copy apart from this host; without it the "
          + "store cannot be read", masterKeyFile);
    }
    byte[] master = readKeyFile(masterKeyFile);
    StoreKeys keys = new StoreKeys(jdbi, master, null);
    if (rows.isEmpty()) {
      keys.add(1);
      rows = rows(jdbi);
    }
    keys.cipher = keys.unwrapAll(rows, masterKeyFile);
    return keys;
  }

  /** Seals and opens with the keys held now. */
  public StoreCipher cipher() {
    return cipher;
  }

  public boolean encrypted() {
    return master != null;
  }

  public List<KeyRow> keys() {
    return rows(jdbi);
  }

  /** Makes a new data key and seals new objects under it; returns its number. */
  public synchronized int rotate() {
    requireEncrypted();
    int next = rows(jdbi).stream().mapToInt(KeyRow::id).max().orElse(0) + 1;
    add(next);
    cipher = unwrapAll(rows(jdbi), null);
    return next;
  }

  /**
   * Wraps every data key under a new master key (made, mode 0600, if the file does not exist),
   * in one transaction; the server must be started with the new file from then on.
   */
  public synchronized void rewrap(Path newMasterKeyFile) throws IOException {
    requireEncrypted();
    if (!Files.exists(newMasterKeyFile)) {
      byte[] made = new byte[32];
      RANDOM.nextBytes(made);
      writeKeyFile(newMasterKeyFile, made);
    }
    byte[] next = readKeyFile(newMasterKeyFile);
    List<KeyRow> rows = rows(jdbi);
    Map<Integer, byte[]> clear = new HashMap<>();
    for (KeyRow r : rows) {
      clear.put(r.id(), unwrap(master, r, newMasterKeyFile));
    }
    jdbi.useTransaction(h -> {
      for (KeyRow r : rows) {
        h.createUpdate("UPDATE store_key SET wrapped = :w WHERE id = :id").bind("id", r.id())
            .bind("w", wrap(next, r.id(), clear.get(r.id()))).execute();
      }
    });
    master = next;
  }

  private void requireEncrypted() {
    if (master == null) {
      throw new IllegalStateException("the store is kept in clear: start the server with "
          + "--master-key FILE to encrypt it");
    }
  }

  private void add(int id) {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    String wrapped = wrap(master, id, key);
    jdbi.useTransaction(h -> {
      h.createUpdate("UPDATE store_key SET active = FALSE").execute();
      h.createUpdate("INSERT INTO store_key (id, wrapped, created_at, active) VALUES (:id, :w, "
          + ":at, TRUE)").bind("id", id).bind("w", wrapped).bind("at", Instant.now()).execute();
    });
  }

  private StoreCipher unwrapAll(List<KeyRow> rows, Path file) {
    Map<Integer, SecretKey> keys = new HashMap<>();
    int active = 0;
    for (KeyRow r : rows) {
      keys.put(r.id(), new SecretKeySpec(unwrap(master, r, file), "AES"));
      if (r.active()) {
        active = r.id();
      }
    }
    return new StoreCipher(keys, active);
  }

  private static String wrap(byte[] master, int id, byte[] key) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, master, nonce, id, key);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length)
        .put(nonce).put(sealed).array());
  }

  private static byte[] unwrap(byte[] master, KeyRow r, Path file) {
    byte[] all = Base64.getDecoder().decode(r.wrapped());
    try {
      return gcm(Cipher.DECRYPT_MODE, master, java.util.Arrays.copyOf(all, 12), r.id(),
          java.util.Arrays.copyOfRange(all, 12, all.length));
    } catch (IllegalArgumentException wrongKey) {
      throw new IllegalStateException("the master key" + (file == null ? "" : " in " + file)
          + " does not open data key " + r.id() + " of this store: it is not the key the store "
          + "was encrypted with");
    }
  }

  private static byte[] gcm(int mode, byte[] master, byte[] nonce, int id, byte[] data) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(master, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(("nearline data key " + id).getBytes(StandardCharsets.US_ASCII));
      return c.doFinal(data);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("wrong key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available: " + e, e);
    }
  }

  private static void writeKeyFile(Path file, byte[] key) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
  }

  private static byte[] readKeyFile(Path file) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith(
        "OTHERS"))) {
      throw new IllegalStateException("the master key file " + file + " can be read by others ("
          + PosixFilePermissions.toString(perms) + "): chmod 600 it");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(Files.readString(file).strip());
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != 32) {
      throw new IllegalStateException(file + " is not a master key (32 bytes, base64)");
    }
    return key;
  }

  private static List<KeyRow> rows(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id, wrapped, created_at, active FROM "
        + "store_key ORDER BY id").map(ConstructorMapper.of(KeyRow.class)).list());
  }
}
