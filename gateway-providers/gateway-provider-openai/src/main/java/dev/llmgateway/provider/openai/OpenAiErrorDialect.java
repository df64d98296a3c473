package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.ErrorDialect;
import dev.llmgateway.provider.http.Json;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's error shape, {@code {"error":{"message","type","param","code"}}}, and how its codes
 * refine the status-based kind.
 *
 * <ul>
 *   <li>{@code context_length_exceeded}, or a message with "maximum context length": {@code
 *       CONTEXT_LENGTH_EXCEEDED}.
 *   <li>{@code content_filter} / {@code content_policy_violation}: {@code CONTENT_FILTERED}.
 *   <li>{@code insufficient_quota} (HTTP 429): {@code PERMISSION}, not {@code RATE_LIMITED}. The
 *       account is out of credit; waiting does not help, so retrying the same key is wasted, while
 *       another key (another organization) or another target may work. That is exactly the reaction
 *       {@code PERMISSION} has; the provider code still says {@code insufficient_quota}.
 *   <li>{@code invalid_api_key}: {@code AUTHENTICATION}; {@code model_not_found}: {@code
 *       NOT_FOUND}.
 *   <li>Errors inside a stream (no status) are classified by code and type: rate limits, {@code
 *       invalid_request_error}, {@code authentication_error}, and otherwise {@code UNAVAILABLE}.
 * </ul>
 */
final class OpenAiErrorDialect implements ErrorDialect {
  static final OpenAiErrorDialect INSTANCE = new OpenAiErrorDialect();

  private OpenAiErrorDialect() {}

  @Override
  public @Nullable ErrorBody parse(String body) {
    JsonNode root = Json.readObjectOrNull(body);
    return root == null ? null : read(root);
  }

  /** Reads an error from a parsed body, or returns null if it holds none. */
  static @Nullable ErrorBody read(JsonNode root) {
    JsonNode error = root.get("error");
    if (error != null && error.isObject()) {
      return new ErrorBody(
          Json.text(error, "message"), Json.text(error, "type"), Json.text(error, "code"));
    }
    if (error != null && error.isTextual()) {
      return new ErrorBody(error.asText(), null, null); // some compatible servers
    }
    String message = Json.text(root, "message");
    return message == null
        ? null
        : new ErrorBody(message, Json.text(root, "type"), Json.text(root, "code"));
  }

  @Override
  public ErrorKind refine(int httpStatus, ErrorKind kind, ErrorBody body) {
    String code = lower(body.code());
    String type = lower(body.type());
    String message = lower(body.message());
    if (is("insufficient_quota", code, type)) {
      return ErrorKind.PERMISSION;
    }
    if (httpStatus == 429) {
      return kind;
    }
    if (is("context_length_exceeded", code, type) || message.contains("maximum context length")) {
      return ErrorKind.CONTEXT_LENGTH_EXCEEDED;
    }
    if (is("content_filter", code, type) || is("content_policy_violation", code, type)) {
      return ErrorKind.CONTENT_FILTERED;
    }
    if (is("invalid_api_key", code, type)) {
      return ErrorKind.AUTHENTICATION;
    }
    if (is("model_not_found", code, type)) {
      return ErrorKind.NOT_FOUND;
    }
    if (httpStatus == 0) {
      if (is("rate_limit_exceeded", code, type) || is("rate_limit_error", code, type)) {
        return ErrorKind.RATE_LIMITED;
      }
      if (is("invalid_request_error", code, type)) {
        return ErrorKind.INVALID_REQUEST;
      }
      if (is("authentication_error", code, type)) {
        return ErrorKind.AUTHENTICATION;
      }
    }
    return kind;
  }

  private static boolean is(String expected, String code, String type) {
    return expected.equals(code) || expected.equals(type);
  }

  private static String lower(@Nullable String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
