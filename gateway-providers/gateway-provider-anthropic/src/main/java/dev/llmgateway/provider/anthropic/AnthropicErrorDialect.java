package dev.llmgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.ErrorDialect;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.Json;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's error shape, {@code {"type":"error","error":{"type","message"},"request_id"}}, and
 * how its error type refines the kind. A specific HTTP status (401, 403, 404, 429, 5xx, 529) is
 * authoritative; the type decides for generic statuses (400, 402, 413, 422) and for an {@code
 * error} event inside a stream, which has no status:
 *
 * <ul>
 *   <li>{@code invalid_request_error}, {@code request_too_large}: {@code INVALID_REQUEST}, except a
 *       message saying the prompt is too long: {@code CONTEXT_LENGTH_EXCEEDED}.
 *   <li>{@code authentication_error}: {@code AUTHENTICATION}; {@code permission_error}: {@code
 *       PERMISSION}; {@code not_found_error}: {@code NOT_FOUND}.
 *   <li>{@code billing_error}: {@code PERMISSION}. The account cannot pay; another key or target
 *       may work, retrying this one will not.
 *   <li>{@code rate_limit_error}: {@code RATE_LIMITED}.
 *   <li>{@code api_error}, {@code overloaded_error}: {@code UNAVAILABLE}.
 * </ul>
 *
 * Other types keep the kind the status gave.
 */
final class AnthropicErrorDialect implements ErrorDialect {
  static final AnthropicErrorDialect INSTANCE = new AnthropicErrorDialect();

  private AnthropicErrorDialect() {}

  @Override
  public @Nullable ErrorBody parse(String body) {
    JsonNode root = Json.readObjectOrNull(body);
    return root == null ? null : read(root);
  }

  /** Reads an error from a parsed body, or returns null if it holds none. */
  static @Nullable ErrorBody read(JsonNode root) {
    JsonNode error = Json.object(root, "error");
    if (error == null) {
      return null;
    }
    return new ErrorBody(Json.text(error, "message"), Json.text(error, "type"), null);
  }

  @Override
  public ErrorKind refine(int httpStatus, ErrorKind kind, ErrorBody body) {
    String type = body.type();
    if (type == null) {
      return kind;
    }
    // A specific status is authoritative (a 401 is an authentication failure whatever the body
    // calls it); the error type refines only generic statuses and stream error events (status 0).
    if (!(httpStatus == 0
        || httpStatus == 400
        || httpStatus == 402
        || httpStatus == 413
        || httpStatus == 422)) {
      return kind;
    }
    return switch (type) {
      case "invalid_request_error", "request_too_large" ->
          body.message() != null && HttpErrorMapper.mentionsContextLength(body.message())
              ? ErrorKind.CONTEXT_LENGTH_EXCEEDED
              : ErrorKind.INVALID_REQUEST;
      case "authentication_error" -> ErrorKind.AUTHENTICATION;
      case "permission_error", "billing_error" -> ErrorKind.PERMISSION;
      case "not_found_error" -> ErrorKind.NOT_FOUND;
      case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
      case "api_error", "overloaded_error" -> ErrorKind.UNAVAILABLE;
      default -> kind;
    };
  }
}
