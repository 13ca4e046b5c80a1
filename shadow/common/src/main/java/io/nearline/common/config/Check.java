package io.nearline.common.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The constraints a configuration field can carry; {@link Validation} checks them and says what
 * is wrong in the same words everywhere.
 */
public final class Check {
  private Check() {}

  /** Must be given: not null, and for text not blank. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Required {}

  /** A number or duration above zero. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Positive {}

  /** A whole number from {@code min} to {@code max}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Range {
    long min();

    long max();
  }

  /** A TCP port, 1 to 65535. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Port {}

  /** Text matching {@code regex}; {@code means} says in words what that is. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface Matches {
    String regex();

    String means();
  }

  /** An absolute path without quotes (it is put into shell commands and configuration). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface AbsolutePath {}

  /** Checked by a rule of its own, such as "a URL of this form" or "a kind Nearline knows". */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface By {
    Class<? extends Rule> value();
  }

  /** A field's own rule; implementations have a constructor without arguments. */
  public interface Rule {
    /** What is wrong with {@code value} (never null), or null when nothing is. */
    String problem(Object value);
  }
}
