package io.nearline.shadow;

/**
 * A live connection to a protected primary, for what Nearline asks of it while it serves. Used
 * from one thread at a time; a connection that failed is closed and a new one opened.
 */
public interface PrimaryConnection extends AutoCloseable {

  /** Where the primary writes its log now: the newest position a failover could lose. */
  Position currentPosition() throws ShadowException;

  /**
   * Marks a named point in the primary's log (PostgreSQL: a restore point), so that the name
   * also shows in the log itself; returns where it is.
   */
  Position markPoint(String name) throws ShadowException;

  @Override
  void close();
}
