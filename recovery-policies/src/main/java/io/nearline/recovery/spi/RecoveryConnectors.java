package io.nearline.recovery.spi;

import io.nearline.common.plugin.ByKind;
import java.util.List;

/** Finds recovery connectors on the class path by their application kind. */
public final class RecoveryConnectors {
  private static final ByKind<RecoveryConnector> FOUND = ByKind.load(RecoveryConnector.class,
      RecoveryConnector::kind, kind -> "no recovery for application kind '" + kind + "'");

  private RecoveryConnectors() {
  }

  public static List<RecoveryConnector> all() {
    return FOUND.all();
  }

  /** The connector for {@code kind}, or an error that lists the kinds there are. */
  public static RecoveryConnector forKind(String kind) {
    return FOUND.forKind(kind);
  }
}
