package dev.llmgateway.testkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** The module's one shared, thread-safe {@link ObjectMapper}, and small JSON writing helpers. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

  private Json() {}

  /** Writes one JSON value with a generator. */
  @FunctionalInterface
  interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /** Returns the UTF-8 JSON that {@code writer} writes. */
  static byte[] bytes(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    write(out, writer);
    return out.toByteArray();
  }

  /** Returns a server-sent event {@code data: <json>\n\n}. */
  static byte[] event(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(DATA);
    write(out, writer);
    out.writeBytes(EVENT_END);
    return out.toByteArray();
  }

  /** Parses {@code text} as a JSON object, or returns null if it is not one. */
  static @Nullable JsonNode parseObject(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static void write(ByteArrayOutputStream out, Writer writer) {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
