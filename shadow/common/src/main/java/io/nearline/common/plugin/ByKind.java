package io.nearline.common.plugin;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The implementations of a service interface on the class path (registered in
 * {@code META-INF/services}), found once and looked up by the kind each names itself by.
 *
 * @param <T> the service interface
 */
public final class ByKind<T> {
  private final List<T> all;
  private final Function<T, String> kind;
  private final String what;

  private ByKind(List<T> all, Function<T, String> kind, String what) {
    this.all = all;
    this.kind = kind;
    this.what = what;
  }

  /**
   * @param what how an error names a kind, such as {@code application kind}
   */
  public static <T> ByKind<T> load(Class<T> type, Function<T, String> kind, String what) {
    return new ByKind<>(ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get)
        .toList(), kind, what);
  }

  public List<T> all() {
    return all;
  }

  /** The one of kind {@code name}, or an error that lists the kinds there are. */
  public T forKind(String name) {
    return all.stream().filter(t -> kind.apply(t).equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + name
            + "'; known kinds: " + all.stream().map(kind).collect(Collectors.joining(", "))));
  }
}
