package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The shape of one value of the configuration format: what it must be, how to check it, and its
 * JSON Schema. The format is a tree of shapes ({@link ConfigSchema#ROOT}), the one source of the
 * validation, the JSON Schema file and the list of documented keys.
 */
abstract class Shape {
  /** The JSON node factory of generated schemas. */
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * Checks a value, adding every problem found.
   *
   * @param node the value; never a missing node, never JSON null (the caller reports those)
   * @param path the value's path
   * @param problems where problems go
   */
  abstract void check(JsonNode node, String path, Problems problems);

  /** This shape as JSON Schema (draft 2020-12). */
  abstract ObjectNode jsonSchema();

  /** What the value is, for the documentation's type column, such as {@code duration}. */
  abstract String type();

  /**
   * Adds the keys inside values of this shape to {@code out}, each under its path with {@code
   * <name>} for map keys and {@code []} for list items. None for scalars.
   *
   * @param prefix the path of a value of this shape
   * @param out the keys found, in order
   */
  void keys(String prefix, Map<String, Field> out) {}

  /**
   * One key of an object shape.
   *
   * @param name the key
   * @param shape the shape of its value
   * @param required whether the key must be present
   * @param defaultText the default as documented, such as {@code 60s} or {@code none}
   * @param doc one sentence saying what it sets
   */
  record Field(String name, Shape shape, boolean required, String defaultText, String doc) {}
}
