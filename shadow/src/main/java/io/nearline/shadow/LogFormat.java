package io.nearline.shadow;

import java.util.Optional;

/**
 * The log files of one protected server: which names are log segments or companion files, how
 * segments are ordered, and whether a file's bytes are really that server's log.
 *
 * <p>Implementations are immutable and thread-safe: the collector validates several files at
 * once from different threads.
 *
 * @param <S> the connector's segment name type
 */
public interface LogFormat<S extends LogSegmentId<S>> {

  /** The segment this file name denotes, or empty if the name is not a closed segment's. */
  Optional<S> parseSegment(String fileName);

  /**
   * Whether this file is a small companion of the log that must be kept with it (PostgreSQL
   * timeline history and backup history files). Companions are collected before segments.
   */
  boolean isCompanion(String fileName);

  /**
   * Checks a companion file's content.
   *
   * @throws InvalidLogFileException if the content is not what its name promises
   */
  void validateCompanion(String fileName, byte[] content) throws InvalidLogFileException;

  /**
   * Checks that {@code content} is a complete, undamaged segment of this server's log, as its name
   * says. Must not retain {@code content}.
   *
   * @return the positions the segment covers
   * @throws InvalidLogFileException with a reason an operator can act on
   */
  SegmentBounds validateSegment(S segment, byte[] content) throws InvalidLogFileException;

  /**
   * A segment's bytes with what a reader can compute from the rest set to zero, so that a
   * compressor on a slow link sees less noise (PostgreSQL: each record's CRC and back pointer).
   * Empty if this format has no such form or the segment does not pack exactly.
   */
  default Optional<byte[]> packSegment(byte[] content) {
    return Optional.empty();
  }

  /**
   * The exact bytes of a segment {@link #packSegment} packed.
   *
   * @throws InvalidLogFileException if {@code packed} is not a packed segment of this format
   */
  default byte[] unpackSegment(String fileName, byte[] packed) throws InvalidLogFileException {
    throw new InvalidLogFileException(fileName, "this log format has no packed form");
  }
}
