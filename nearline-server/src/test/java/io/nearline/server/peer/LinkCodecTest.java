package io.nearline.server.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import io.nearline.shadow.Connectors;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.ServerIdentity;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packing of real WAL is tested in shadow (WalPackIT) and end to end in PeerIT. */
class LinkCodecTest {
  private final LogFormat<?> format = Connectors.forKind("postgresql")
      .logFormat(new ServerIdentity("7312345678901234567", 16L << 20, "15.18"));

  private static byte[] random(int size) {
    byte[] content = new byte[size];
    new Random(7).nextBytes(content);
    return content;
  }

  @Test
  void shouldSendWhatDoesNotPackAsPlainZstdAndGiveBackTheOriginalBytes() throws Exception {
    byte[] content = random(1 << 20);
    LinkCodec.Encoded wire = LinkCodec.encode(format, true, content, 9);
    assertEquals(LinkCodec.ZSTD, wire.encoding());
    assertArrayEquals(content, LinkCodec.decode(format, "f", wire.encoding(), wire.bytes(),
        content.length));
  }

  @Test
  void shouldRefuseBytesThatDecodeToAnotherSizeOrDoNotUnpack() {
    byte[] content = random(4096);
    byte[] wire = Zstd.compress(content, 3);
    assertTrue(assertThrows(LinkCodec.UndecodableException.class, () -> LinkCodec.decode(
        format, "f", LinkCodec.ZSTD, wire, 1000)).getMessage().contains("cannot be decoded"));
    assertTrue(assertThrows(LinkCodec.UndecodableException.class, () -> LinkCodec.decode(
        format, "f", LinkCodec.ZSTD, wire, 8192)).getMessage().contains("decoded to 4096"));
    assertTrue(assertThrows(LinkCodec.UndecodableException.class, () -> LinkCodec.decode(
        format, "f", LinkCodec.PACKED_ZSTD, wire, 4096)).getMessage()
        .contains("not a packed WAL segment"));
    assertTrue(assertThrows(LinkCodec.UndecodableException.class, () -> LinkCodec.decode(
        format, "f", "lz4", wire, 4096)).getMessage().contains("unknown encoding"));
  }
}
