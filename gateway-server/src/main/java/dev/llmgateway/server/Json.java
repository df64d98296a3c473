package dev.llmgateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The server's one JSON mapper (thread-safe, shared) and small helpers around it. */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, @Nullable Object>> MAP = new TypeReference<>() {};

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  static Map<String, @Nullable Object> map(JsonNode node) {
    return MAPPER.convertValue(node, MAP);
  }

  static JsonNode tree(@Nullable Object value) {
    return MAPPER.valueToTree(value);
  }
}
