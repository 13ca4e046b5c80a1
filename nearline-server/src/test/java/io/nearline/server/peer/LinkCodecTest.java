package io.nearline.server.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkCodecTest {

  @Test
  void shouldGiveBackTheOriginalBytes() throws Exception {
    byte[] content = new byte[1 << 20];
    new Random(7).nextBytes(content);
    byte[] wire = LinkCodec.encode(content, 9);
    assertArrayEquals(content, LinkCodec.decode(LinkCodec.ZSTD, wire, content.length));
  }
}
