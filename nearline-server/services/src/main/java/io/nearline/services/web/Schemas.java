package io.nearline.services.web;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.nearline.common.config.Check;
import io.nearline.common.config.Describe;
import io.nearline.common.json.Json;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON schemas of the API's types, made from the types themselves as the one JSON mapping sees
 * them (names, ignored and computed properties), with each field's {@link Describe} text.
 */
final class Schemas {
  private final Map<String, Object> named = new TreeMap<>();

  /** The components every {@code $ref} points into. */
  Map<String, Object> components() {
    return named;
  }

  /** The schema of {@code type}: inline for simple values, a reference for objects. */
  Map<String, Object> of(Type type) {
    return of(Json.MAPPER.constructType(type));
  }

  private Map<String, Object> of(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return Map.of("type", "array", "items", of(type.getContentType()));
    }
    if (type.isMapLikeType()) {
      return Map.of("type", "object", "additionalProperties", of(type.getContentType()));
    }
    if (raw == String.class || raw == Path.class || raw == Duration.class) {
      return Map.of("type", "string");
    }
    if (raw == Instant.class) {
      return Map.of("type", "string", "format", "date-time");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return Map.of("type", "boolean");
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      return Map.of("type", "integer");
    }
    if (raw == double.class || raw == Double.class || raw == float.class) {
      return Map.of("type", "number");
    }
    if (raw.isEnum()) {
      return Map.of("type", "string", "enum", Arrays.stream(raw.getEnumConstants())
          .map(c -> Json.MAPPER.convertValue(c, String.class)).toList());
    }
    BeanDescription bean = Json.MAPPER.getSerializationConfig().introspect(type);
    if (bean.findJsonValueAccessor() != null) {
      return Map.of("type", "string"); // written as its text: positions, step names
    }
    if (raw == Object.class) {
      return Map.of();
    }
    String name = name(raw);
    if (!named.containsKey(name)) {
      named.put(name, Map.of()); // a type that refers to itself stops here
      named.put(name, object(raw, bean));
    }
    return Map.of("$ref", "#/components/schemas/" + name);
  }

  /**
   * A schema's name: a nested type's carries its enclosing type's (DrillTrend.Point is
   * DrillTrendPoint), so two types of one simple name never share a schema.
   */
  private static String name(Class<?> raw) {
    return raw.getEnclosingClass() == null ? raw.getSimpleName()
        : name(raw.getEnclosingClass()) + raw.getSimpleName();
  }

  private Map<String, Object> object(Class<?> raw, BeanDescription bean) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (BeanPropertyDefinition p : bean.findProperties()) {
      Map<String, Object> schema = new LinkedHashMap<>(of(p.getPrimaryType()));
      RecordComponent c = component(raw, p.getInternalName());
      if (c != null && c.isAnnotationPresent(Describe.class)) {
        schema.put("description", c.getAnnotation(Describe.class).value());
      }
      if (c != null && c.isAnnotationPresent(Check.Required.class)) {
        required.add(p.getName());
      }
      properties.put(p.getName(), schema);
    }
    Map<String, Object> schema = new LinkedHashMap<>(Map.of("type", "object",
        "properties", properties));
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    // A type with settings of its own beside its fields (a standby's application settings).
    schema.put("additionalProperties", bean.findAnyGetter() != null);
    return schema;
  }

  private static RecordComponent component(Class<?> raw, String name) {
    if (!raw.isRecord()) {
      return null;
    }
    return Arrays.stream(raw.getRecordComponents()).filter(c -> c.getName().equals(name))
        .findFirst().orElse(null);
  }
}
