package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Validation and defensive copies shared by the model records. */
final class Checks {
  private Checks() {}

  static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    return value;
  }

  static String notBlank(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(
          field, "must not be blank, was " + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }

  static <T> List<T> list(@Nullable List<T> values, String field) {
    if (values == null) {
      return List.of();
    }
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        throw new InvalidRequestException(field + "[" + i + "]", "must not be null");
      }
    }
    return List.copyOf(values);
  }

  static Map<String, String> stringMap(@Nullable Map<String, String> values, String field) {
    if (values == null || values.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new InvalidRequestException(field, "keys and values must not be null");
          }
          copy.put(k, v);
        });
    return Collections.unmodifiableMap(copy);
  }

  /** Deep-copies a JSON-like object into unmodifiable maps and lists, keeping key order. */
  static Map<String, @Nullable Object> jsonObject(
      @Nullable Map<String, ? extends @Nullable Object> value, String field) {
    if (value == null || value.isEmpty()) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> copy = (Map<String, @Nullable Object>) jsonValue(value, field);
    return copy;
  }

  private static @Nullable Object jsonValue(@Nullable Object value, String field) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new InvalidRequestException(field, "JSON object keys must be strings");
        }
        copy.put(key, jsonValue(e.getValue(), field + "." + key));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(jsonValue(list.get(i), field + "[" + i + "]"));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new InvalidRequestException(
        field,
        "must be a JSON-like value (Map, List, String, Number, Boolean or null), was "
            + value.getClass().getName());
  }
}
