package io.nearline.shadow;

import io.nearline.common.plugin.ByKind;
import java.util.List;

/** Finds application connectors on the class path by their kind name. */
public final class Connectors {
  private static final ByKind<ApplicationConnector> FOUND =
      ByKind.load(ApplicationConnector.class, ApplicationConnector::kind,
          kind -> "unknown application kind '" + kind + "'");

  private Connectors() {}

  public static List<ApplicationConnector> all() {
    return FOUND.all();
  }

  /** The connector for {@code kind}, or an error that lists the kinds there are. */
  public static ApplicationConnector forKind(String kind) {
    return FOUND.forKind(kind);
  }
}
