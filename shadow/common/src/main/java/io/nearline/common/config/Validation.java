package io.nearline.common.config;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates configuration records in one place: the {@link Check} constraints on each field,
 * then, when every field is valid by itself, the record's own {@link CrossChecked} rules; the
 * same for records within a record. The CLI, the API and the console show the same words.
 */
public final class Validation {
  private Validation() {}

  /** Field path to problem for everything wrong with {@code record}; empty if it is valid. */
  public static Map<String, String> problems(Record record) {
    Problems problems = new Problems();
    check(record, problems);
    return new LinkedHashMap<>(problems.ordered());
  }

  /** Returns {@code record} if it is valid; otherwise throws, naming every field at fault. */
  public static <R extends Record> R valid(R record) {
    Map<String, String> problems = problems(record);
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return record;
  }

  private static void check(Record record, Problems problems) {
    boolean fieldsValid = true;
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value = read(record, c);
      String problem = problem(c, value);
      if (problem != null) {
        problems.add(c.getName(), problem);
        fieldsValid = false;
      } else if (value instanceof Record inner) {
        fieldsValid &= checkInner(inner, problems.within(c.getName()));
      } else if (value instanceof Collection<?> list) {
        int i = 0;
        for (Object item : list) {
          if (item instanceof Record inner) {
            fieldsValid &= checkInner(inner, problems.within(c.getName() + "[" + i + "]"));
          }
          i++;
        }
      }
    }
    if (fieldsValid && record instanceof CrossChecked cross) {
      cross.check(problems);
    }
  }

  private static boolean checkInner(Record inner, Problems problems) {
    Problems own = new Problems();
    check(inner, own);
    own.ordered().forEach(problems::add);
    return own.isEmpty();
  }

  private static String problem(RecordComponent c, Object value) {
    if (value == null || value instanceof String s && s.isBlank()
        || value instanceof Collection<?> list && list.isEmpty()) {
      return c.isAnnotationPresent(Check.Required.class) ? "is required" : null;
    }
    if (c.isAnnotationPresent(Check.Positive.class) && !positive(value)) {
      return "must be above zero, not " + value;
    }
    Check.Range range = c.getAnnotation(Check.Range.class);
    if (range != null && (((Number) value).longValue() < range.min()
        || ((Number) value).longValue() > range.max())) {
      return "must be from " + range.min() + " to " + range.max() + ", not " + value;
    }
    if (c.isAnnotationPresent(Check.Port.class)
        && (((Number) value).intValue() < 1 || ((Number) value).intValue() > 65535)) {
      return "must be a TCP port (1 to 65535), not " + value;
    }
    Check.Matches matches = c.getAnnotation(Check.Matches.class);
    if (matches != null && !Pattern.compile(matches.regex()).matcher(value.toString()).matches()) {
      return "must be " + matches.means() + ", not '" + value + "'";
    }
    if (c.isAnnotationPresent(Check.AbsolutePath.class)
        && (!Path.of(value.toString()).isAbsolute() || value.toString().contains("'"))) {
      return "must be an absolute path without quotes, not " + value;
    }
    Check.By rule = c.getAnnotation(Check.By.class);
    return rule == null ? null : rule(rule.value()).problem(value);
  }

  private static Check.Rule rule(Class<? extends Check.Rule> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " needs a constructor without arguments", e);
    }
  }

  private static boolean positive(Object value) {
    if (value instanceof Duration d) {
      return !d.isNegative() && !d.isZero();
    }
    return ((Number) value).doubleValue() > 0;
  }

  private static Object read(Record record, RecordComponent c) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + " of " + record.getClass(),
          e);
    }
  }
}
