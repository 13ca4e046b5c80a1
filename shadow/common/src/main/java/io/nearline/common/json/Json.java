package io.nearline.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.nearline.common.config.InvalidConfigException;
import java.util.stream.Collectors;

/**
 * The one JSON mapping: the API, the CLI, policy files and the journal. Reading is strict: a
 * field the type does not have is refused with its name, not silently dropped (a misspelt
 * {@code "surogate": false} would otherwise protect a server with a surrogate). Instants are
 * ISO-8601 text.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  /** Reads {@code json} as a {@code type}; what is wrong is named by field. */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidConfigException(path(e), "is not a field of " + type.getSimpleName()
          + "; its fields are " + e.getKnownPropertyIds().stream().map(Object::toString)
              .sorted().collect(Collectors.joining(", ")));
    } catch (JsonMappingException e) {
      String path = path(e);
      throw new InvalidConfigException(path.isEmpty() ? type.getSimpleName() : path,
          "cannot be read: " + original(e));
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(type.getSimpleName(), "is not valid JSON: "
          + original(e) + " (line " + e.getLocation().getLineNr() + ")");
    }
  }

  /** Writes {@code value} as indented JSON, as files and the journal keep it. */
  public static String write(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  /** The parser's own words; for a value a constructor refused, the constructor's. */
  private static String original(JsonProcessingException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root instanceof JsonProcessingException j ? j.getOriginalMessage()
        : String.valueOf(root.getMessage());
  }
}
