package io.nearline.recovery.spi;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds recovery connectors on the class path by their application kind. */
public final class RecoveryConnectors {
  private RecoveryConnectors() {
  }

  public static List<RecoveryConnector> all() {
    return ServiceLoader.load(RecoveryConnector.class).stream()
        .map(ServiceLoader.Provider::get).toList();
  }

  /** The connector for {@code kind}, or an error that lists the kinds there are. */
  public static RecoveryConnector forKind(String kind) {
    List<RecoveryConnector> all = all();
    return all.stream().filter(c -> c.kind().equalsIgnoreCase(kind)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no recovery for application kind '"
            + kind + "'; known kinds: " + all.stream().map(RecoveryConnector::kind)
                .collect(Collectors.joining(", "))));
  }
}
