package io.nearline.shadow;

/**
 * The name of one closed log segment, parsed. Ordered in log order.
 *
 * @param <S> the connector's own segment name type
 */
public interface LogSegmentId<S extends LogSegmentId<S>> extends Comparable<S> {

  /** The file name on the primary's share, exactly as the application writes it. */
  String fileName();

  /** Whether this segment may come directly after {@code previous}, with nothing missing between. */
  boolean follows(S previous);

  /** The branch of history the segment belongs to: a PostgreSQL timeline, 1 for a linear log. */
  long lineage();

  /** The segment's ordinal within its log: PostgreSQL segment number, ESE generation. */
  long sequence();

  /** The segment just before this one on the same branch of history. */
  S previous();
}
