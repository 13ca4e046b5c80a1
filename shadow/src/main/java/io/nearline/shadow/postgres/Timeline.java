package io.nearline.shadow.postgres;

/** A PostgreSQL timeline: a branch of WAL history, starting at 1, incremented by each promotion. */
public record Timeline(long id) implements Comparable<Timeline> {
  public Timeline {
    if (id < 1 || id > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("timeline out of range: " + id);
    }
  }

  public static Timeline valueOf(long id) {
    return new Timeline(id);
  }

  /** Parses the 8-digit hexadecimal form used in file names. */
  public static Timeline parseHex(String hex) {
    return new Timeline(Long.parseLong(hex, 16));
  }

  public String toHex() {
    return String.format("%08X", id);
  }

  @Override
  public int compareTo(Timeline other) {
    return Long.compare(id, other.id);
  }

  @Override
  public String toString() {
    return Long.toString(id);
  }
}
