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
  private final Function<String, String> missing;

  private ByKind(List<T> all, Function<T, String> kind, Function<String, String> missing) {
    this.all = all;
    this.kind = kind;
    this.missing = missing;
  }

  /**
   * @param missing what an error says when a kind is not there, given the kind; the kinds
   *     there are follow it
   */
  public static <T> ByKind<T> load(Class<T> type, Function<T, String> kind,
      Function<String, String> missing) {
    return new ByKind<>(ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get)
        .toList(), kind, missing);
  }

  public List<T> all() {
    return all;
  }

  /** The one of kind {@code name}, or an error that lists the kinds there are. */
  public T forKind(String name) {
    return all.stream().filter(t -> kind.apply(t).equalsIgnoreCase(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(missing.apply(name)
            + "; known kinds: " + all.stream().map(kind).collect(Collectors.joining(", "))));
  }
}
