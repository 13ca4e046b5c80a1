package io.nearline.directory.dns;

import java.util.List;

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

  public String describe() {
    return name + ": " + String.join(", ", before) + " -> " + String.join(", ", after);
  }
}
