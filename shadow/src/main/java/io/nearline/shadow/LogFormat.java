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
}
