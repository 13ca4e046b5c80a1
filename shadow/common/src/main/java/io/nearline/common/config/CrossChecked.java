package io.nearline.common.config;

/**
 * A configuration record with rules that span fields (say, one field required only when
 * another has some value). {@link Validation} runs them once every field is valid by itself.
 */
public interface CrossChecked {
  /** Reports what is wrong through {@code problems}; reports nothing when all is well. */
  void check(Problems problems);
}
