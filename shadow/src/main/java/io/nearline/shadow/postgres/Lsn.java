package io.nearline.shadow.postgres;

import io.nearline.shadow.Position;

/**
 * A PostgreSQL write-ahead log position: an unsigned 64-bit byte address, written
 * {@code 16/3002D50} (high and low 32 bits in hexadecimal).
 */
public record Lsn(long value) implements Position, Comparable<Lsn> {
  /** PostgreSQL's InvalidXLogRecPtr. */
  public static final Lsn INVALID = new Lsn(0);

  public static Lsn valueOf(long value) {
    return value == 0 ? INVALID : new Lsn(value);
  }

  /** Parses the canonical form {@code XXX/XXX}. */
  public static Lsn parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
      throw new IllegalArgumentException("not an LSN (expected like 16/3002D50): " + text);
    }
    try {
      long high = Long.parseLong(text.substring(0, slash), 16);
      long low = Long.parseLong(text.substring(slash + 1), 16);
      return valueOf(high << 32 | low);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an LSN (expected like 16/3002D50): " + text, e);
    }
  }

  /** The position a connector's {@link Position} stands for: one of this connector's own. */
  public static Lsn of(Position position) {
    return position instanceof Lsn lsn ? lsn : parse(position.text());
  }

  @Override
  public String text() {
    return toString();
  }

  /** The byte address, unsigned, as a double. */
  @Override
  public double asNumber() {
    return (value >>> 1) * 2.0 + (value & 1);
  }

  public boolean isValid() {
    return value != 0;
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return String.format("%X/%X", value >>> 32, value & 0xFFFFFFFFL);
  }
}
