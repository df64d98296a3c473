package dev.llmgateway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request as a {@link FakeLlmServer} received it, for assertions on what a client sent.
 *
 * <pre>{@code
 * RecordedCall call = server.takeRequest();
 * assertThat(call.path()).isEqualTo("/v1/chat/completions");
 * assertThat(call.header("authorization")).isEqualTo("Bearer sk-test");
 * assertThat(call.bodyJson().at("/messages/0/content").asText()).isEqualTo("Hi");
 * }</pre>
 *
 * @param method the HTTP method, such as {@code POST}
 * @param path the encoded path without the query, such as {@code /v1/chat/completions}
 * @param headers the request headers by lower-case name, in arrival order; repeated headers are
 *     joined with {@code ", "}
 * @param body the request body as UTF-8 text, empty if there was none
 * @param model the body's {@code "model"}, or null if the body names none (or is not JSON)
 * @param stream whether the body has {@code "stream": true} (a form: the field {@code stream=true})
 * @param formParts the parts of a {@code multipart/form-data} body, in order; empty for any other
 *     body
 */
public record RecordedCall(
    String method,
    String path,
    Map<String, String> headers,
    String body,
    @Nullable String model,
    boolean stream,
    List<FormPart> formParts) {

  /**
   * Creates a recorded call, copying {@code headers} with lower-case names.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param path the encoded path without the query, such as {@code /v1/chat/completions}
   * @param headers the request headers by lower-case name, in arrival order; repeated headers are
   *     joined with {@code ", "}
   * @param body the request body as UTF-8 text, empty if there was none
   * @param model the body's {@code "model"}, or null if the body names none (or is not JSON)
   * @param stream whether the body has {@code "stream": true}
   * @param formParts the parts of a {@code multipart/form-data} body, in order; empty for any other
   *     body
   * @throws NullPointerException if an argument other than {@code model} is null
   */
  public RecordedCall {
    Objects.requireNonNull(method, "method");
    formParts = List.copyOf(formParts);
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    Map<String, String> lowerCase = new LinkedHashMap<>();
    headers.forEach(
        (name, value) ->
            lowerCase.merge(
                name.toLowerCase(Locale.ROOT), value, (first, second) -> first + ", " + second));
    headers = Collections.unmodifiableMap(lowerCase);
  }

  /**
   * Creates a recorded call of a body that is not a form.
   *
   * @param method the HTTP method, such as {@code POST}
   * @param path the encoded path without the query
   * @param headers the request headers
   * @param body the request body as UTF-8 text, empty if there was none
   * @param model the body's {@code "model"}, or null
   * @param stream whether the body has {@code "stream": true}
   * @throws NullPointerException if an argument other than {@code model} is null
   */
  public RecordedCall(
      String method,
      String path,
      Map<String, String> headers,
      String body,
      @Nullable String model,
      boolean stream) {
    this(method, path, headers, body, model, stream, List.of());
  }

  /**
   * Returns the first form part with the given field name.
   *
   * @param name the field name, such as {@code file}
   * @return the part, or null if the body is no form or has no such field
   */
  public @Nullable FormPart formPart(String name) {
    for (FormPart part : formParts) {
      if (part.name().equals(name)) {
        return part;
      }
    }
    return null;
  }

  /**
   * Returns the text of the first form field with the given name.
   *
   * @param name the field name, such as {@code model}
   * @return the text, or null if the body is no form or has no such field
   */
  public @Nullable String formField(String name) {
    FormPart part = formPart(name);
    return part == null ? null : part.text();
  }

  /**
   * Returns the value of a request header, ignoring the case of its name.
   *
   * @param name the header name, such as {@code Authorization}
   * @return the value, or null if the request had no such header
   */
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Parses the body as JSON.
   *
   * @return the body's JSON tree (a fresh, mutable tree per call)
   * @throws UncheckedIOException if the body is not valid JSON
   */
  public JsonNode bodyJson() {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Body of " + method + " " + path + " is not valid JSON: " + abbreviate(body), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
