package dev.llmgateway.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shape the answer must have: free text, any JSON object, or JSON matching a schema.
 *
 * @param type the format type
 * @param schemaName the schema's name for {@link Type#JSON_SCHEMA}, else {@code null}
 * @param schema the JSON Schema for {@link Type#JSON_SCHEMA}, else empty
 * @param strict whether the schema must be followed exactly (providers that support it)
 */
public record ResponseFormat(
    Type type, @Nullable String schemaName, Map<String, @Nullable Object> schema, boolean strict) {

  /** Free text (the default). */
  public static final ResponseFormat TEXT = new ResponseFormat(Type.TEXT, null, Map.of(), false);

  /** Any valid JSON object. */
  public static final ResponseFormat JSON_OBJECT =
      new ResponseFormat(Type.JSON_OBJECT, null, Map.of(), false);

  /** The response format types. */
  public enum Type {
    /** Free text. */
    TEXT,
    /** Any JSON object. */
    JSON_OBJECT,
    /** JSON that matches a schema. */
    JSON_SCHEMA
  }

  /**
   * Validates and copies the format.
   *
   * @param type the format type
   * @param schemaName the schema's name for {@link Type#JSON_SCHEMA}, else {@code null}
   * @param schema the JSON Schema for {@link Type#JSON_SCHEMA}, else empty
   * @param strict whether the schema must be followed exactly (providers that support it)
   * @throws dev.llmgateway.error.InvalidRequestException if a schema is missing for {@code
   *     JSON_SCHEMA} or given for another type
   */
  public ResponseFormat {
    Checks.notNull(type, "responseFormat.type");
    schema = Checks.jsonObject(schema, "responseFormat.schema");
    if (type == Type.JSON_SCHEMA) {
      Checks.notBlank(schemaName, "responseFormat.schemaName");
      if (schema.isEmpty()) {
        throw new dev.llmgateway.error.InvalidRequestException(
            "responseFormat.schema", "must not be empty for JSON_SCHEMA");
      }
    } else if (schemaName != null || !schema.isEmpty()) {
      throw new dev.llmgateway.error.InvalidRequestException(
          "responseFormat.schema", "only allowed with type JSON_SCHEMA, type was " + type);
    }
  }

  /**
   * JSON that must match a schema, strictly.
   *
   * @param name the schema's name
   * @param schema the JSON Schema as a JSON-like map
   * @return the format
   * @throws dev.llmgateway.error.InvalidRequestException if the name is blank or the schema empty
   */
  public static ResponseFormat jsonSchema(
      String name, Map<String, ? extends @Nullable Object> schema) {
    return new ResponseFormat(
        Type.JSON_SCHEMA, name, Checks.jsonObject(schema, "responseFormat.schema"), true);
  }
}
