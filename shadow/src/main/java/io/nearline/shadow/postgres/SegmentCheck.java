package io.nearline.shadow.postgres;

import io.nearline.shadow.InvalidLogFileException;
import java.util.Arrays;

/**
 * Checks that a file's bytes are the WAL segment its name promises, of the expected cluster:
 * length, the long header on page one, and every page header's continuity up to the end, or up
 * to a zeroed tail (a segment closed early by a WAL switch is zero-filled after the switch, with
 * no page headers). It does not decode records: a flipped bit inside a record needs
 * {@code pg_waldump} to find.
 */
final class SegmentCheck {
  private static final byte[] ZEROS = new byte[65536];

  private final SegmentName name;
  private final byte[] content;
  private final long systemIdentifier;

  SegmentCheck(SegmentName name, byte[] content, long systemIdentifier) {
    this.name = name;
    this.content = content;
    this.systemIdentifier = systemIdentifier;
  }

  void run() throws InvalidLogFileException {
    if (content.length != name.segmentSize()) {
      throw fail("truncated or oversized: " + content.length + " bytes, a segment has "
          + name.segmentSize());
    }
    WalPageHeader first = WalPageHeader.read(content, 0);
    Integer version = WalMagic.majorVersion(first.magic())
        .orElseThrow(() -> fail(String.format(
            "not a PostgreSQL 13-17 WAL segment (page magic 0x%04X)", first.magic())));
    if (!first.isLong()) {
      throw fail("first page lacks the long header a segment starts with");
    }
    if (first.systemIdentifier() != systemIdentifier) {
      throw fail("belongs to another cluster: system identifier "
          + Long.toUnsignedString(first.systemIdentifier()) + ", expected "
          + Long.toUnsignedString(systemIdentifier));
    }
    if (first.segmentSize() != name.segmentSize()) {
      throw fail("header says segment size " + first.segmentSize() + ", expected "
          + name.segmentSize());
    }
    if (!first.hasPlausibleBlockSize()) {
      throw fail("implausible WAL block size " + first.blockSize());
    }
    checkPages(first, (int) first.blockSize(), version);
  }

  /** Every page: same magic, address advancing by one block, timeline never above the name's. */
  private void checkPages(WalPageHeader first, int blockSize, int version)
      throws InvalidLogFileException {
    long expectedAddress = name.startLsn().value();
    long previousTimeline = 0;
    for (int offset = 0; offset < content.length; offset += blockSize) {
      if (offset > 0 && isZero(offset, blockSize)) {
        requireZeroTail(offset);
        return;
      }
      WalPageHeader page = offset == 0 ? first : WalPageHeader.read(content, offset);
      String where = "page at offset " + offset;
      if (page.magic() != first.magic()) {
        throw fail(where + String.format(" has magic 0x%04X, not PostgreSQL %d's 0x%04X",
            page.magic(), version, first.magic()));
      }
      if (page.pageAddress() != expectedAddress) {
        throw fail(where + " has address " + Lsn.valueOf(page.pageAddress()) + ", expected "
            + Lsn.valueOf(expectedAddress) + " (renamed or spliced file)");
      }
      if (page.timeline() > name.timeline().id() || page.timeline() < previousTimeline) {
        throw fail(where + " is on timeline " + page.timeline() + ", the file name says "
            + name.timeline());
      }
      if ((page.info() & ~WalPageHeader.KNOWN_FLAGS) != 0 || (offset > 0 && page.isLong())) {
        throw fail(where + String.format(" has invalid flags 0x%04X", page.info()));
      }
      previousTimeline = page.timeline();
      expectedAddress += blockSize;
    }
  }

  private boolean isZero(int from, int length) {
    return nonZeroAt(from, length) < 0;
  }

  /** The offset of the first non-zero byte in the range, or -1; compares a page at a time. */
  private int nonZeroAt(int from, int length) {
    for (int off = from; off < from + length; off += ZEROS.length) {
      int n = Math.min(ZEROS.length, from + length - off);
      int at = Arrays.mismatch(content, off, off + n, ZEROS, 0, n);
      if (at >= 0) {
        return off + at;
      }
    }
    return -1;
  }

  /** After a WAL switch every remaining byte is zero; anything else is damage. */
  private void requireZeroTail(int from) throws InvalidLogFileException {
    int at = nonZeroAt(from, content.length - from);
    if (at >= 0) {
      throw fail("data at offset " + at + " after the zeroed tail that starts at " + from);
    }
  }

  private InvalidLogFileException fail(String reason) {
    return new InvalidLogFileException(name.fileName(), reason);
  }
}
