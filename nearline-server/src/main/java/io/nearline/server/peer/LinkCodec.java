package io.nearline.server.peer;

import com.github.luben.zstd.Zstd;
import io.nearline.shadow.InvalidLogFileException;
import io.nearline.shadow.LogFormat;
import java.util.Optional;

/**
 * How log files travel: recompressed harder than the store keeps them (zstd level 1 is chosen
 * there for collection speed; the link can afford more CPU per byte), segments packed first
 * where their format can set aside what the receiver recomputes. Baselines are stored
 * zstd-compressed already and travel as they are.
 */
final class LinkCodec {
  static final String ZSTD = "zstd";
  static final String PACKED_ZSTD = "packed+zstd";
  static final String IDENTITY = "identity";
  /** More than a packed segment's header needs. */
  private static final int PACKING_ROOM = 4096;

  private LinkCodec() {}

  /** A log file's bytes on the link and how they are encoded. */
  record Encoded(String encoding, byte[] bytes) {}

  static Encoded encode(LogFormat<?> format, boolean segment, byte[] content, int level) {
    Optional<byte[]> packed = segment ? format.packSegment(content) : Optional.empty();
    return packed.isPresent() ? new Encoded(PACKED_ZSTD, Zstd.compress(packed.get(), level))
        : new Encoded(ZSTD, Zstd.compress(content, level));
  }

  /**
   * The original bytes of a log file as it arrived.
   *
   * @throws UndecodableException if they cannot be decoded: damaged in transit
   */
  static byte[] decode(LogFormat<?> format, String name, String encoding, byte[] wire, long size)
      throws UndecodableException {
    byte[] content = switch (encoding) {
      case IDENTITY -> wire;
      case ZSTD -> decompress(wire, size);
      case PACKED_ZSTD -> unpack(format, name, decompress(wire, size + PACKING_ROOM));
      default -> throw new UndecodableException("unknown encoding on the link: " + encoding);
    };
    if (content.length != size) {
      throw new UndecodableException("decoded to " + content.length + " bytes, sent as " + size);
    }
    return content;
  }

  /** At most {@code limit} bytes, whatever the frame claims. */
  private static byte[] decompress(byte[] wire, long limit) throws UndecodableException {
    try {
      return Zstd.decompress(wire, Math.toIntExact(limit));
    } catch (RuntimeException e) {
      throw new UndecodableException("cannot be decoded: " + e.getMessage());
    }
  }

  private static byte[] unpack(LogFormat<?> format, String name, byte[] packed)
      throws UndecodableException {
    try {
      return format.unpackSegment(name, packed);
    } catch (InvalidLogFileException e) {
      throw new UndecodableException("cannot be unpacked: " + e.reason());
    }
  }

  /** The bytes on the link are not what the sender encoded. */
  static final class UndecodableException extends Exception {
    UndecodableException(String message) {
      super(message);
    }
  }
}
