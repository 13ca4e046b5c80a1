package io.nearline.shadow.postgres;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The header at the start of every WAL page (XLogPageHeaderData), and the long form on a
 * segment's first page (XLogLongPageHeaderData). All fields little-endian.
 */
record WalPageHeader(
    int magic, int info, long timeline, long pageAddress, long systemIdentifier,
    long segmentSize, long blockSize) {

  static final int LONG_HEADER = 0x0002;
  /** All flag bits PostgreSQL 13 to 17 define for xlp_info. */
  static final int KNOWN_FLAGS = 0x000F;
  static final int SHORT_SIZE = 24;
  static final int LONG_SIZE = 40;

  static WalPageHeader read(byte[] content, int offset) {
    ByteBuffer b = ByteBuffer.wrap(content, offset, LONG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int magic = Short.toUnsignedInt(b.getShort(offset));
    int info = Short.toUnsignedInt(b.getShort(offset + 2));
    long tli = Integer.toUnsignedLong(b.getInt(offset + 4));
    long pageAddr = b.getLong(offset + 8);
    boolean isLong = (info & LONG_HEADER) != 0 && content.length - offset >= LONG_SIZE;
    return new WalPageHeader(magic, info, tli, pageAddr,
        isLong ? b.getLong(offset + 24) : 0,
        isLong ? Integer.toUnsignedLong(b.getInt(offset + 32)) : 0,
        isLong ? Integer.toUnsignedLong(b.getInt(offset + 36)) : 0);
  }

  /** A power of two from 1 KiB to 64 KiB, as PostgreSQL allows for XLOG_BLCKSZ. */
  boolean hasPlausibleBlockSize() {
    return blockSize >= 1024 && blockSize <= 65536 && Long.bitCount(blockSize) == 1;
  }

  boolean isLong() {
    return (info & LONG_HEADER) != 0;
  }
}
