package dev.llmgateway.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the tree bound from {@code llm.gateway.*} into the configuration file's tree, guided by the
 * file format's JSON Schema ({@link GatewayConfig#jsonSchema()}): a key of a schema object is
 * matched in its relaxed form ({@code default-timeout}, {@code default_timeout}, {@code
 * defaulttimeout} all name {@code defaultTimeout}), map keys (provider, alias and tenant names) are
 * kept as written, a map of {@code [0]}, {@code [1]}... indexes is a list, and a text where the
 * schema wants a number or a boolean (as properties files and environment variables give) is
 * converted when it parses as one. Anything the schema does not know is passed on unchanged, so
 * that {@link GatewayConfig} reports it with its path and a "did you mean".
 */
final class SchemaBinding {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonNode SCHEMA = readSchema();

  private SchemaBinding() {}

  private static JsonNode readSchema() {
    try {
      return new ObjectMapper().readTree(GatewayConfig.jsonSchema());
    } catch (IOException e) {
      throw new UncheckedIOException("the gateway configuration schema cannot be read", e);
    }
  }

  /** The JSON Schema of the configuration format. */
  static JsonNode schema() {
    return SCHEMA;
  }

  /**
   * The configuration tree of a bound tree.
   *
   * @param tree nested maps (objects), lists and scalars
   * @return the tree the configuration file would hold
   */
  static ObjectNode toConfigTree(Map<String, Object> tree) {
    return (ObjectNode) convert(tree, SCHEMA);
  }

  /** The relaxed form of a key: lower case letters and digits only. */
  static String relaxed(String key) {
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  private static JsonNode convert(@Nullable Object value, @Nullable JsonNode schema) {
    if (value instanceof Map<?, ?> map) {
      if (isIndexed(map) && wants(schema, "array")) {
        return list(indexed(map), schema);
      }
      return object(map, schema);
    }
    if (value instanceof List<?> items) {
      return list(items, schema);
    }
    return scalar(value, schema);
  }

  private static ObjectNode object(Map<?, ?> map, @Nullable JsonNode schema) {
    ObjectNode out = NODES.objectNode();
    JsonNode properties = schema == null ? null : schema.get("properties");
    JsonNode additional = schema == null ? null : schema.get("additionalProperties");
    Map<String, String> names = new HashMap<>();
    if (properties != null) {
      for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        names.put(relaxed(name), name);
      }
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      String name = names.get(relaxed(key));
      JsonNode child;
      if (name != null) {
        child = properties.get(name);
      } else {
        name = key;
        child = additional != null && additional.isObject() ? additional : null;
      }
      out.set(name, convert(e.getValue(), child));
    }
    return out;
  }

  private static ArrayNode list(List<?> items, @Nullable JsonNode schema) {
    ArrayNode out = NODES.arrayNode();
    JsonNode item = schema == null ? null : schema.get("items");
    for (Object o : items) {
      out.add(convert(o, item));
    }
    return out;
  }

  private static JsonNode scalar(@Nullable Object value, @Nullable JsonNode schema) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return NODES.numberNode(new java.math.BigDecimal(n.toString()));
    }
    String text = value.toString();
    if (!wants(schema, "string")) {
      if (wants(schema, "boolean")) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
          return NODES.booleanNode(lower.equals("true"));
        }
      }
      if (wants(schema, "integer")) {
        try {
          return NODES.numberNode(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
          // left as text: the configuration reports it with its path
        }
      }
      if (wants(schema, "number")) {
        try {
          return NODES.numberNode(new java.math.BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
          // left as text: the configuration reports it with its path
        }
      }
    }
    return NODES.textNode(text);
  }

  /** Whether the schema allows the type (a missing schema allows nothing in particular). */
  static boolean wants(@Nullable JsonNode schema, String type) {
    if (schema == null) {
      return false;
    }
    JsonNode t = schema.get("type");
    if (t == null) {
      return false;
    }
    if (t.isArray()) {
      for (JsonNode each : t) {
        if (each.asText().equals(type)) {
          return true;
        }
      }
      return false;
    }
    return t.asText().equals(type);
  }

  private static boolean isIndexed(Map<?, ?> map) {
    if (map.isEmpty()) {
      return false;
    }
    for (Object key : map.keySet()) {
      if (index(String.valueOf(key)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static List<Object> indexed(Map<?, ?> map) {
    java.util.TreeMap<Integer, Object> sorted = new java.util.TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      sorted.put(index(String.valueOf(e.getKey())), e.getValue());
    }
    return new java.util.ArrayList<>(sorted.values());
  }

  /** The index of a key {@code [n]} or {@code n}, or -1. */
  private static int index(String key) {
    String k = key.startsWith("[") && key.endsWith("]") ? key.substring(1, key.length() - 1) : key;
    if (k.isEmpty() || k.length() > 9) {
      return -1;
    }
    for (int i = 0; i < k.length(); i++) {
      if (!Character.isDigit(k.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(k);
  }
}
