package io.nearline.shadow.postgres;

import io.nearline.shadow.LogSegmentId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a WAL segment file, {@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline, then the segment
 * number split at {@code 2^32 / segmentSize}. The split depends on the segment size, so a name is
 * only meaningful together with it. Ordered by segment number, then timeline.
 */
public record SegmentName(Timeline timeline, long segmentNumber, long segmentSize)
    implements LogSegmentId<SegmentName> {
  private static final Pattern GRAMMAR = Pattern.compile("[0-9A-F]{24}");

  public SegmentName {
    requireValidSegmentSize(segmentSize);
    if (segmentNumber < 0) {
      throw new IllegalArgumentException("negative segment number: " + segmentNumber);
    }
  }

  /** Parses a file name, or returns empty if it does not follow the grammar for this size. */
  public static Optional<SegmentName> parse(String fileName, long segmentSize) {
    if (!GRAMMAR.matcher(fileName).matches()) {
      return Optional.empty();
    }
    long perId = segmentsPerXLogId(segmentSize);
    long xlogId = Long.parseLong(fileName.substring(8, 16), 16);
    long seg = Long.parseLong(fileName.substring(16, 24), 16);
    long tli = Long.parseLong(fileName.substring(0, 8), 16);
    if (seg >= perId || tli == 0) {
      return Optional.empty();
    }
    return Optional.of(new SegmentName(Timeline.valueOf(tli), xlogId * perId + seg, segmentSize));
  }

  /** The segment holding {@code lsn} on {@code timeline}. */
  public static SegmentName containing(Timeline timeline, Lsn lsn, long segmentSize) {
    return new SegmentName(timeline, Long.divideUnsigned(lsn.value(), segmentSize), segmentSize);
  }

  static void requireValidSegmentSize(long size) {
    if (size < (1 << 20) || size > (1L << 30) || Long.bitCount(size) != 1) {
      throw new IllegalArgumentException(
          "WAL segment size must be a power of two from 1 MiB to 1 GiB: " + size);
    }
  }

  private static long segmentsPerXLogId(long segmentSize) {
    return 0x1_0000_0000L / segmentSize;
  }

  public Lsn startLsn() {
    return Lsn.valueOf(segmentNumber * segmentSize);
  }

  public Lsn endLsn() {
    return Lsn.valueOf((segmentNumber + 1) * segmentSize);
  }

  public SegmentName next() {
    return new SegmentName(timeline, segmentNumber + 1, segmentSize);
  }

  @Override
  public SegmentName previous() {
    return new SegmentName(timeline, segmentNumber - 1, segmentSize);
  }

  @Override
  public String fileName() {
    long perId = segmentsPerXLogId(segmentSize);
    return String.format("%s%08X%08X", timeline.toHex(), segmentNumber / perId, segmentNumber % perId);
  }

  /**
   * The next segment on the same or a later timeline, or the same segment number on a later
   * timeline (a promotion copies the switch segment onto the new timeline).
   */
  @Override
  public boolean follows(SegmentName previous) {
    int tli = timeline.compareTo(previous.timeline);
    return (segmentNumber == previous.segmentNumber + 1 && tli >= 0)
        || (segmentNumber == previous.segmentNumber && tli > 0);
  }

  @Override
  public long lineage() {
    return timeline.id();
  }

  @Override
  public long sequence() {
    return segmentNumber;
  }

  @Override
  public int compareTo(SegmentName other) {
    int bySegment = Long.compare(segmentNumber, other.segmentNumber);
    return bySegment != 0 ? bySegment : timeline.compareTo(other.timeline);
  }

  @Override
  public String toString() {
    return fileName();
  }
}
