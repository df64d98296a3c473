package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;

/** Describes a configuration value in a message, without ever echoing what looks like a key. */
final class Describe {
  private static final int MAX_TEXT = 60;

  private Describe() {}

  /** Such as {@code 'text'}, {@code 12}, {@code true}, {@code a list}, {@code a mapping}. */
  static String of(JsonNode node) {
    if (node.isTextual()) {
      return text(node.textValue());
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    if (node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /** The text in quotes, shortened; a text that looks like a key is not shown. */
  static String text(String text) {
    if (LiteralKeys.looksLikeKey(text)) {
      return "a value that looks like a key (not shown)";
    }
    String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
    return "'" + t + "'";
  }
}
