package io.nearline.server.peer;

import com.github.luben.zstd.Zstd;
/**
 * How log files travel: recompressed harder than the store keeps them (zstd level 1 is chosen
 * there for collection speed; the link can afford more CPU per byte). Baselines are stored
 * zstd-compressed already and travel as they are.
 */
final class LinkCodec {
  static final String ZSTD = "zstd";
  static final String IDENTITY = "identity";

  private LinkCodec() {}

  static byte[] encode(byte[] content, int level) {
    return Zstd.compress(content, level);
  }

  /**
   * The original bytes of a log file as it arrived.
   *
   * @throws UndecodableException if they cannot be decoded: damaged in transit
   */
  static byte[] decode(String encoding, byte[] wire, long size) throws UndecodableException {
    if (encoding.equals(IDENTITY)) {
      return wire;
    }
    if (!encoding.equals(ZSTD)) {
      throw new UndecodableException("unknown encoding on the link: " + encoding);
    }
    try {
      byte[] content = Zstd.decompress(wire, (int) size);
      if (content.length != size) {
        throw new UndecodableException("decoded to " + content.length + " bytes, sent as " + size);
      }
      return content;
    } catch (RuntimeException e) {
      throw new UndecodableException("cannot be decoded: " + e.getMessage());
    }
  }

  /** The bytes on the link are not what the sender encoded. */
  static final class UndecodableException extends Exception {
    UndecodableException(String message) {
      super(message);
    }
  }
}
