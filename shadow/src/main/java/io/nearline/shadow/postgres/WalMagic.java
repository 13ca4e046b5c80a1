package io.nearline.shadow.postgres;

import java.util.Map;
import java.util.Optional;

/** XLOG_PAGE_MAGIC of each PostgreSQL major version whose WAL Nearline reads. */
final class WalMagic {
  private static final Map<Integer, Integer> VERSION_BY_MAGIC = Map.of(
      0xD106, 13,
      0xD10D, 14,
      0xD110, 15,
      0xD113, 16,
      0xD116, 17);

  private WalMagic() {}

  static Optional<Integer> majorVersion(int magic) {
    return Optional.ofNullable(VERSION_BY_MAGIC.get(magic));
  }
}
