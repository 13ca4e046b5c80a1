package io.nearline.shadow;

/**
 * Copies one item (a table, or the rows of it a predicate selects) out of a snapshot into a
 * live server under a new name, touching nothing else there. Called on the caller's thread;
 * may block for as long as the copy takes.
 */
public interface ItemCopy {

  /** Where the rows went and how many there were. */
  record Copied(String target, String item, long rows) {}

  /**
   * @param from the snapshot's connection string
   * @param to the live server's connection string
   * @param item the item in the application's terms ({@code schema.table})
   * @param where a predicate in the application's query language, or null for every row
   * @param as the new item's name there; it must not exist
   * @throws ShadowException naming what is wrong (no such item, the name taken, a bad
   *     predicate); the live server is left as it was
   */
  Copied copy(String from, String to, String item, String where, String as)
      throws ShadowException;
}
