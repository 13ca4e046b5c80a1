package io.nearline.directory.dns;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The address records of one name, before and after: each record as {@code TTL TYPE RDATA},
 * e.g. {@code 60 A 10.0.0.1} or {@code 60 CNAME dr-host.example.com.}.
 */
public record DnsChange(String name, List<String> before, List<String> after) {
  public DnsChange {
    before = List.copyOf(before);
    after = List.copyOf(after);
  }

  public DnsChange reversed() {
    return new DnsChange(name, after, before);
  }

  /** Whether it would leave the records as they are. */
  public boolean changesNothing() {
    return sameRecords(before, after);
  }

  /** The same records, whatever their order and time to live. */
  static boolean sameRecords(List<String> a, List<String> b) {
    return withoutTtl(a).equals(withoutTtl(b));
  }

  private static Set<String> withoutTtl(List<String> records) {
    Set<String> out = new HashSet<>();
    records.forEach(r -> out.add(r.substring(r.indexOf(' ') + 1)));
    return out;
  }
}
