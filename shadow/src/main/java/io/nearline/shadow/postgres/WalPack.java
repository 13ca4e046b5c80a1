package io.nearline.shadow.postgres;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A WAL segment with the fields a reader can compute from the rest set to zero: each record's
 * CRC-32C and back pointer ({@code xl_crc}, {@code xl_prev}) and each page's address. They are
 * near-random to a compressor (about a tenth of zstd's output for pgbench WAL) and cost nothing
 * to restore. Only records wholly inside the segment whose CRC checks are packed: the first
 * record keeps its back pointer (it points into the previous segment), and a record that does
 * not check ends the packed part, so a damaged segment travels damaged, as it is.
 *
 * <p>Packed form: a 12-byte header (magic, records packed, pages packed) and the segment.
 */
final class WalPack {
  private static final int MAGIC = 0x3150_4C4E; // "NLP1", little-endian
  private static final int HEADER = 12;
  private static final int RECORD_HEADER = 24;
  private static final int CRC_AT = 20;
  private static final int PREV_AT = 8;
  private static final int FIRST_IS_CONTINUATION = 0x0001;
  private static final int RM_XLOG = 0;
  private static final int XLOG_SWITCH = 0x40;

  private final byte[] segment;
  private final ByteBuffer le;
  private final int blockSize;
  private final int firstHeader;
  private final long startLsn;

  private WalPack(byte[] segment) {
    this.segment = segment;
    this.le = ByteBuffer.wrap(segment).order(ByteOrder.LITTLE_ENDIAN);
    WalPageHeader first = WalPageHeader.read(segment, 0);
    this.blockSize = (int) first.blockSize();
    this.firstHeader = WalPageHeader.LONG_SIZE;
    this.startLsn = first.pageAddress();
  }

  /** The packed form, or empty if this is not a segment that packs and restores exactly. */
  static Optional<byte[]> pack(byte[] content) {
    if (!looksLikeSegment(content)) {
      return Optional.empty();
    }
    try {
      byte[] work = content.clone();
      int[] counts = new WalPack(work).strip();
      byte[] packed = ByteBuffer.allocate(HEADER + work.length).order(ByteOrder.LITTLE_ENDIAN)
          .putInt(MAGIC).putInt(counts[0]).putInt(counts[1]).put(work).array();
      // Restored in place, as the receiver will: sent packed only if that gives it back.
      new WalPack(work).restore(counts[0], counts[1]);
      return Arrays.equals(work, content) ? Optional.of(packed) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The segment a packed form holds.
   *
   * @throws IllegalArgumentException if {@code packed} is not one
   */
  static byte[] unpack(byte[] packed) {
    ByteBuffer h = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
    if (packed.length < HEADER || h.getInt(0) != MAGIC) {
      throw new IllegalArgumentException("not a packed WAL segment");
    }
    byte[] content = Arrays.copyOfRange(packed, HEADER, packed.length);
    if (!looksLikeSegment(content)) {
      throw new IllegalArgumentException("the packed bytes are not a WAL segment");
    }
    try {
      new WalPack(content).restore(h.getInt(4), h.getInt(8));
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("the packed segment's records do not fit in it");
    }
    return content;
  }

  private static boolean looksLikeSegment(byte[] content) {
    if (content.length < WalPageHeader.LONG_SIZE) {
      return false;
    }
    WalPageHeader first = WalPageHeader.read(content, 0);
    return first.isLong() && WalMagic.majorVersion(first.magic()).isPresent()
        && first.segmentSize() == content.length && first.hasPlausibleBlockSize()
        && content.length % first.blockSize() == 0;
  }

  /** Zeroes what {@link #restore} recomputes; returns {records, pages} packed. */
  private int[] strip() {
    long pos = firstRecord();
    long previous = -1;
    int records = 0;
    while (pos + RECORD_HEADER <= usableBytes()) {
      byte[] header = read(pos, RECORD_HEADER);
      long length = Integer.toUnsignedLong(int32(header, 0));
      if (length < RECORD_HEADER || pos + length > usableBytes()
          || crc(pos, header, (int) length) != int32(header, CRC_AT)
          || (records > 0 && int64(header, PREV_AT) != previous)) {
        break;
      }
      if (records > 0) {
        put64(header, PREV_AT, 0);
      }
      put32(header, CRC_AT, 0);
      write(pos, header);
      previous = lsnAt(pos);
      records++;
      pos = isSwitch(header) ? usableBytes() : align(pos + length);
    }
    int pages = 1;
    long end = Math.min(pos, usableBytes() - 1);
    while (pages * (long) blockSize <= offsetOf(end)
        && le.getLong(pages * blockSize + PREV_AT) == startLsn + (long) pages * blockSize) {
      le.putLong(pages * blockSize + PREV_AT, 0);
      pages++;
    }
    return new int[] {records, pages};
  }

  private void restore(int records, int pages) {
    if (pages < 1 || pages > segment.length / blockSize || records < 0
        || records > segment.length / RECORD_HEADER) {
      throw new IllegalArgumentException("implausible packed counts");
    }
    for (int p = 1; p < pages; p++) {
      le.putLong(p * blockSize + PREV_AT, startLsn + (long) p * blockSize);
    }
    long pos = firstRecord();
    long previous = -1;
    for (int r = 0; r < records; r++) {
      if (pos + RECORD_HEADER > usableBytes()) {
        throw new IllegalArgumentException("the packed segment holds fewer records than "
            + records);
      }
      byte[] header = read(pos, RECORD_HEADER);
      long length = Integer.toUnsignedLong(int32(header, 0));
      if (length < RECORD_HEADER || pos + length > usableBytes()) {
        throw new IllegalArgumentException("record " + r + " of the packed segment is cut off");
      }
      if (r > 0) {
        put64(header, PREV_AT, previous);
      }
      put32(header, CRC_AT, crc(pos, header, (int) length));
      write(pos, header);
      previous = lsnAt(pos);
      pos = isSwitch(header) ? usableBytes() : align(pos + length);
    }
  }

  /** Where the first record starting in this segment is, past a record continued from before. */
  private long firstRecord() {
    WalPageHeader first = WalPageHeader.read(segment, 0);
    long continued = (first.info() & FIRST_IS_CONTINUATION) == 0 ? 0
        : Integer.toUnsignedLong(le.getInt(16));
    return align(continued);
  }

  /** PostgreSQL's record CRC: the record's data after its header, then the header up to xl_crc. */
  private int crc(long pos, byte[] header, int length) {
    CRC32C c = new CRC32C();
    long at = pos + RECORD_HEADER;
    for (int left = length - RECORD_HEADER; left > 0; ) {
      int offset = offsetOf(at);
      int n = Math.min(left, blockSize - offset % blockSize);
      c.update(segment, offset, n);
      at += n;
      left -= n;
    }
    c.update(header, 0, CRC_AT);
    return (int) c.getValue();
  }

  private static boolean isSwitch(byte[] header) {
    return header[17] == RM_XLOG && (header[16] & 0xF0) == XLOG_SWITCH;
  }

  // Positions below count the segment's record bytes only, skipping page headers; records are
  // aligned to 8 bytes there as in LSNs, since page headers are multiples of 8 long.

  private long usableBytes() {
    return (blockSize - firstHeader)
        + (long) (segment.length / blockSize - 1) * (blockSize - WalPageHeader.SHORT_SIZE);
  }

  private int offsetOf(long pos) {
    if (pos < blockSize - firstHeader) {
      return (int) (firstHeader + pos);
    }
    long rest = pos - (blockSize - firstHeader);
    int perPage = blockSize - WalPageHeader.SHORT_SIZE;
    return (int) ((1 + rest / perPage) * blockSize + WalPageHeader.SHORT_SIZE + rest % perPage);
  }

  private long lsnAt(long pos) {
    return startLsn + offsetOf(pos);
  }

  private static long align(long pos) {
    return (pos + 7) & ~7L;
  }

  private byte[] read(long pos, int length) {
    byte[] out = new byte[length];
    copy(pos, out, true);
    return out;
  }

  private void write(long pos, byte[] bytes) {
    copy(pos, bytes, false);
  }

  private void copy(long pos, byte[] bytes, boolean fromSegment) {
    for (int done = 0; done < bytes.length; ) {
      int offset = offsetOf(pos + done);
      int n = Math.min(bytes.length - done, blockSize - offset % blockSize);
      if (fromSegment) {
        System.arraycopy(segment, offset, bytes, done, n);
      } else {
        System.arraycopy(bytes, done, segment, offset, n);
      }
      done += n;
    }
  }

  private static int int32(byte[] b, int at) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
  }

  private static long int64(byte[] b, int at) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
  }

  private static void put32(byte[] b, int at, int v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
  }

  private static void put64(byte[] b, int at, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
  }
}
