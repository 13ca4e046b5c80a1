package io.nearline.shadow.postgres;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds WAL segments laid out as PostgreSQL 15 writes them: a long header, then short ones. */
final class SyntheticSegment {
  static final int BLOCK = 8192;
  static final long SIZE = 16L << 20;
  static final long SYSID = 7312345678901234567L;

  static byte[] build(SegmentName name, long sysid, long pageTimeline) {
    byte[] b = new byte[(int) name.segmentSize()];
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int off = 0; off < b.length; off += BLOCK) {
      buf.putShort(off, (short) 0xD110);
      buf.putShort(off + 2, (short) (off == 0 ? 0x0002 : 0x0001));
      buf.putInt(off + 4, (int) pageTimeline);
      buf.putLong(off + 8, name.startLsn().value() + off);
    }
    buf.putLong(24, sysid);
    buf.putInt(32, (int) name.segmentSize());
    buf.putInt(36, BLOCK);
    return b;
  }

  static byte[] build(SegmentName name) {
    return build(name, SYSID, name.timeline().id());
  }

  static SegmentName name(String fileName) {
    return SegmentName.parse(fileName, SIZE).orElseThrow();
  }
}
