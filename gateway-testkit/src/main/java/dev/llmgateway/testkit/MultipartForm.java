package dev.llmgateway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses {@code multipart/form-data} bodies (RFC 7578) into {@link FormPart}s, and shows a form to
 * the dialects as a JSON object: text fields as strings, a field sent several times (such as {@code
 * timestamp_granularities[]}) as an array, and files as {@code {"filename", "content_type", "size",
 * "base64"}}.
 */
final class MultipartForm {
  private MultipartForm() {}

  /** The boundary of a multipart/form-data content type, or null for any other body. */
  static @Nullable String boundary(@Nullable String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String value = p.substring("boundary=".length());
        return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
            ? value.substring(1, value.length() - 1)
            : value;
      }
    }
    return null;
  }

  /** The parts of a body, or null if it is not a well-formed form with that boundary. */
  static @Nullable List<FormPart> parse(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      return null;
    }
    List<FormPart> parts = new ArrayList<>();
    while (true) {
      int lineEnd = at + delimiter.length;
      if (lineEnd + 2 <= body.length && body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
        return parts; // the closing delimiter
      }
      int headersStart = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), lineEnd);
      if (headersStart < 0) {
        return null;
      }
      headersStart += 2;
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
      if (headersEnd < 0) {
        return null;
      }
      String headers =
          new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int contentStart = headersEnd + 4;
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        return null;
      }
      String name = null;
      String filename = null;
      String contentType = null;
      for (String header : headers.split("\r\n")) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        if (key.equals("content-disposition")) {
          name = parameter(value, "name");
          filename = parameter(value, "filename");
        } else if (key.equals("content-type")) {
          contentType = value;
        }
      }
      if (name == null) {
        return null;
      }
      byte[] content = new byte[contentEnd - contentStart];
      System.arraycopy(body, contentStart, content, 0, content.length);
      parts.add(new FormPart(name, filename, contentType, content));
      at = contentEnd + 2;
    }
  }

  /** The form as a JSON object, for the dialects. */
  static ObjectNode toJson(List<FormPart> parts) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    for (FormPart part : parts) {
      JsonNode value;
      if (part.isFile()) {
        ObjectNode file = Json.MAPPER.createObjectNode();
        file.put("filename", part.filename());
        file.put("content_type", part.contentType());
        file.put("size", part.content().length);
        file.put("base64", Base64.getEncoder().encodeToString(part.content()));
        value = file;
      } else {
        value = json.textNode(part.text());
      }
      JsonNode existing = json.get(part.name());
      if (existing == null) {
        json.set(part.name(), part.name().endsWith("[]") ? json.arrayNode().add(value) : value);
      } else if (existing.isArray()) {
        ((ArrayNode) existing).add(value);
      } else {
        json.set(part.name(), json.arrayNode().add(existing).add(value));
      }
    }
    return json;
  }

  private static @Nullable String parameter(String disposition, String name) {
    for (String param : disposition.split(";")) {
      String p = param.trim();
      int eq = p.indexOf('=');
      if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase(name)) {
        String value = p.substring(eq + 1).trim();
        if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
