package io.nearline.shadow.postgres;

import io.nearline.shadow.InvalidLogFileException;
import io.nearline.shadow.LogFormat;
import io.nearline.shadow.SegmentBounds;
import io.nearline.shadow.ServerIdentity;
import java.util.Optional;
import java.util.regex.Pattern;

/** The WAL archive of one PostgreSQL cluster: segments, timeline history and backup history. */
final class PostgresLogFormat implements LogFormat<SegmentName> {
  private static final Pattern HISTORY = Pattern.compile("[0-9A-F]{8}\\.history");
  private static final Pattern BACKUP = Pattern.compile("[0-9A-F]{24}\\.[0-9A-F]{8}\\.backup");
  private static final int MAX_COMPANION_BYTES = 1 << 20;

  private final long systemIdentifier;
  private final long segmentSize;

  PostgresLogFormat(ServerIdentity identity) {
    this.systemIdentifier = Long.parseUnsignedLong(identity.systemIdentifier());
    this.segmentSize = identity.segmentSize();
    SegmentName.requireValidSegmentSize(segmentSize);
  }

  @Override
  public Optional<SegmentName> parseSegment(String fileName) {
    return SegmentName.parse(fileName, segmentSize);
  }

  @Override
  public boolean isCompanion(String fileName) {
    return HISTORY.matcher(fileName).matches() || BACKUP.matcher(fileName).matches();
  }

  @Override
  public void validateCompanion(String fileName, byte[] content) throws InvalidLogFileException {
    if (content.length > MAX_COMPANION_BYTES) {
      throw new InvalidLogFileException(fileName, "too large for a history file: "
          + content.length + " bytes");
    }
    if (HISTORY.matcher(fileName).matches()) {
      TimelineHistory.parse(fileName, content);
    } else if (BACKUP.matcher(fileName).matches()) {
      BackupHistory.parse(fileName, content);
    } else {
      throw new InvalidLogFileException(fileName, "not a PostgreSQL history file name");
    }
  }

  @Override
  public SegmentBounds validateSegment(SegmentName segment, byte[] content)
      throws InvalidLogFileException {
    new SegmentCheck(segment, content, systemIdentifier).run();
    return new SegmentBounds(segment.startLsn(), segment.endLsn());
  }

  @Override
  public Optional<byte[]> packSegment(byte[] content) {
    return WalPack.pack(content);
  }

  @Override
  public byte[] unpackSegment(String fileName, byte[] packed) throws InvalidLogFileException {
    try {
      return WalPack.unpack(packed);
    } catch (IllegalArgumentException e) {
      throw new InvalidLogFileException(fileName, e.getMessage());
    }
  }
}
