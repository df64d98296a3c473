package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Typed reads of request JSON that fail with a 400 naming the field. */
final class Fields {
  private Fields() {}

  static JsonNode object(@Nullable JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiError.invalid(null, "The request body must be a JSON object");
    }
    return body;
  }

  static String requiredText(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw ApiError.invalid(path, "'" + path + "' is required");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw ApiError.invalid(path, "'" + path + "' must be a non-empty string");
    }
    return v.asText();
  }

  static @Nullable String text(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.invalid(path, "'" + path + "' must be a string");
    }
    return v.asText();
  }

  static @Nullable Double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw ApiError.invalid(field, "'" + field + "' must be a number");
    }
    return v.asDouble();
  }

  static @Nullable Integer integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw ApiError.invalid(field, "'" + field + "' must be an integer");
    }
    return v.asInt();
  }

  static boolean bool(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw ApiError.invalid(field, "'" + field + "' must be true or false");
    }
    return v.booleanValue();
  }

  static JsonNode array(JsonNode node, String field, String path, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiError.invalid(path, "'" + path + "' is required");
      }
      return Json.MAPPER.createArrayNode();
    }
    if (!v.isArray()) {
      throw ApiError.invalid(path, "'" + path + "' must be an array");
    }
    return v;
  }

  /** A string or an array of strings. */
  static List<String> strings(JsonNode node, String field) {
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isTextual()) {
      out.add(v.asText());
      return out;
    }
    if (!v.isArray()) {
      throw ApiError.invalid(field, "'" + field + "' must be a string or an array of strings");
    }
    for (JsonNode s : v) {
      if (!s.isTextual()) {
        throw ApiError.invalid(field, "'" + field + "' must contain only strings");
      }
      out.add(s.asText());
    }
    return out;
  }
}
