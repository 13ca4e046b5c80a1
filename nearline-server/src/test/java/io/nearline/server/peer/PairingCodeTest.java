package io.nearline.server.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairingCodeTest {

  @Test
  void shouldCarryAddressSecretAndFingerprint() {
    PairingCode code = new PairingCode("10.0.0.5:7481", "ab12", "f00d");
    assertEquals(code, PairingCode.parse(code.text()));
    assertTrue(code.text().startsWith("NLP1-"));
  }

  @Test
  void shouldRefuseADamagedCodeInWords() {
    String text = new PairingCode("10.0.0.5:7481", "ab12", "f00d").text();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PairingCode.parse(text.substring(0, text.length() - 6)));
    assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PairingCode.parse("hello"));
  }
}
