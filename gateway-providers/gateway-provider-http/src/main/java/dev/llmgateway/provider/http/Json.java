package dev.llmgateway.provider.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The shared JSON codec: one {@link ObjectMapper} for every provider, and small helpers to read
 * fields of parsed trees leniently.
 *
 * <pre>{@code
 * JsonNode root = Json.read(bytes);
 * String id = Json.text(root, "id");          // null if missing or JSON null
 * long tokens = Json.count(usage, "prompt_tokens"); // 0 if missing
 * }</pre>
 *
 * <p>The mapper ignores unknown properties, since providers add fields all the time. Thread-safe;
 * never reconfigure the shared mapper.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /**
   * The shared mapper. Do not reconfigure it.
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses JSON text into a tree.
   *
   * @param bytes UTF-8 JSON
   * @return the root node; a missing node for empty input
   * @throws IOException if the bytes are not valid JSON
   */
  public static JsonNode read(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /**
   * Parses JSON text into a tree.
   *
   * @param text JSON text
   * @return the root node; a missing node for empty input
   * @throws IOException if the text is not valid JSON
   */
  public static JsonNode read(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  /**
   * Parses a text that may or may not be a JSON object, such as an error body that could also be an
   * HTML page from a proxy.
   *
   * @param text the text
   * @return the parsed object, or {@code null} if the text is not a JSON object
   */
  public static @Nullable JsonNode readObjectOrNull(String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start == text.length() || text.charAt(start) != '{') {
      return null;
    }
    try {
      JsonNode node = read(text);
      return node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * A streaming generator that writes UTF-8 JSON and can write JSON-like maps and lists with {@link
   * JsonGenerator#writeObject(Object)}.
   *
   * @param out where to write; the generator does not close it
   * @return the generator; close it to flush
   * @throws IOException if the generator cannot be created
   */
  public static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator generator = MAPPER.createGenerator(out);
    generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return generator;
  }

  /**
   * A field's scalar value as text.
   *
   * @param node an object node (any node is accepted)
   * @param field the field name
   * @return the value as text, or {@code null} if the field is missing, JSON null or not a scalar
   */
  public static @Nullable String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
  }

  /**
   * A field's value as a non-negative count, such as a token count.
   *
   * @param node an object node, or {@code null}
   * @param field the field name
   * @return the count, or {@code 0} if the field is missing, null, not a number or negative
   */
  public static long count(@Nullable JsonNode node, String field) {
    if (node == null) {
      return 0;
    }
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? Math.max(0, value.asLong()) : 0;
  }

  /**
   * Whether a field holds a number, such as a token count the provider reported (a missing or null
   * count is one it did not report).
   *
   * @param node an object node, or {@code null}
   * @param field the field name
   * @return {@code true} if the field is present and a number
   */
  public static boolean hasNumber(@Nullable JsonNode node, String field) {
    if (node == null) {
      return false;
    }
    JsonNode value = node.get(field);
    return value != null && value.isNumber();
  }

  /**
   * A field's value if it is an object.
   *
   * @param node an object node, or {@code null}
   * @param field the field name
   * @return the object, or {@code null} if missing or not an object
   */
  public static @Nullable JsonNode object(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value != null && value.isObject() ? value : null;
  }
}
