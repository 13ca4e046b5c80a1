package io.nearline.server.peer;

import io.nearline.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What {@code nearline peer join} needs, in one string: where the first near-line's link is,
 * the one-time secret, and the fingerprint of the certificate the link must present.
 */
record PairingCode(String address, String secret, String fingerprint) {
  private static final String PREFIX = "NLP1-";

  String text() {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(
        Json.write(this).getBytes(StandardCharsets.UTF_8));
  }

  static PairingCode parse(String text) {
    String t = text.strip();
    if (!t.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a pairing code: it starts with " + PREFIX
          + "; make one with 'nearline peer pair' on the active near-line");
    }
    try {
      return Json.read(new String(Base64.getUrlDecoder().decode(t.substring(PREFIX.length())),
          StandardCharsets.UTF_8), PairingCode.class);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the pairing code is damaged: copy it again whole");
    }
  }
}
