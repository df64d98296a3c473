package dev.llmgateway.provider.bedrock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Conversions between the gateway's JSON forms (JSON text, JSON-like maps and lists) and the AWS
 * SDK's {@link Document}, the type of Converse's free-form JSON fields (tool input, input schema,
 * additional model request fields). Uses the SDK's own JSON parser, so the module needs no JSON
 * library of its own.
 */
final class Documents {
  private Documents() {}

  /**
   * Parses JSON text into a document.
   *
   * @throws IllegalArgumentException if the text is not valid JSON
   */
  static Document parse(String json) {
    JsonNode node;
    try {
      node = JsonNode.parser().parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
    }
    return fromJson(node);
  }

  /** Parses JSON text with the SDK's parser. */
  static JsonNode parseNode(String json) {
    return JsonNode.parser().parse(json);
  }

  static Document fromJson(JsonNode node) {
    if (node.isObject()) {
      Map<String, Document> map = new LinkedHashMap<>();
      node.asObject().forEach((k, v) -> map.put(k, fromJson(v)));
      return Document.fromMap(map);
    }
    if (node.isArray()) {
      List<Document> list = new ArrayList<>();
      node.asArray().forEach(v -> list.add(fromJson(v)));
      return Document.fromList(list);
    }
    if (node.isString()) {
      return Document.fromString(node.asString());
    }
    if (node.isNumber()) {
      return Document.fromNumber(SdkNumber.fromString(node.asNumber()));
    }
    if (node.isBoolean()) {
      return Document.fromBoolean(node.asBoolean());
    }
    return Document.fromNull();
  }

  /**
   * Converts a JSON-like value (maps with string keys, lists, strings, numbers, booleans, null).
   *
   * @throws IllegalArgumentException if the value holds something else
   */
  static Document fromValue(@Nullable Object value) {
    if (value == null) {
      return Document.fromNull();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Document> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), fromValue(v)));
      return Document.fromMap(out);
    }
    if (value instanceof List<?> list) {
      List<Document> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(fromValue(v)));
      return Document.fromList(out);
    }
    if (value instanceof String s) {
      return Document.fromString(s);
    }
    if (value instanceof Boolean b) {
      return Document.fromBoolean(b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return Document.fromNumber(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return Document.fromNumber(new BigDecimal(n.toString()));
    }
    throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
  }

  /** Writes a document as compact JSON text. */
  static String toJson(Document document) {
    StringBuilder out = new StringBuilder();
    write(document, out);
    return out.toString();
  }

  private static void write(Document d, StringBuilder out) {
    if (d.isNull()) {
      out.append("null");
    } else if (d.isBoolean()) {
      out.append(d.asBoolean());
    } else if (d.isNumber()) {
      out.append(d.asNumber().stringValue());
    } else if (d.isString()) {
      quote(d.asString(), out);
    } else if (d.isList()) {
      out.append('[');
      boolean first = true;
      for (Document item : d.asList()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(item, out);
      }
      out.append(']');
    } else {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Document> e : d.asMap().entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        quote(e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
