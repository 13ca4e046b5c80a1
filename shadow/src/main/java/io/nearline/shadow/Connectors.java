package io.nearline.shadow;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds application connectors on the class path by their kind name. */
public final class Connectors {
  private Connectors() {}

  public static List<ApplicationConnector> all() {
    return ServiceLoader.load(ApplicationConnector.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  /** The connector for {@code kind}, or an error that lists the kinds there are. */
  public static ApplicationConnector forKind(String kind) {
    List<ApplicationConnector> all = all();
    return all.stream()
        .filter(c -> c.kind().equalsIgnoreCase(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown application kind '" + kind
            + "'; known kinds: " + all.stream().map(ApplicationConnector::kind)
                .collect(Collectors.joining(", "))));
  }
}
