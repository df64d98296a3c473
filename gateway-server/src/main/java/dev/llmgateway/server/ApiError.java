package dev.llmgateway.server;

import org.jspecify.annotations.Nullable;

/**
 * An answer other than success, as the server words it: the HTTP status, OpenAI's error {@code
 * type} and {@code code}, the parameter at fault, a message safe to show the caller, and a {@code
 * Retry-After} in seconds when waiting helps. Rendered in OpenAI's or Anthropic's shape by the
 * endpoint that failed.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String type;
  final @Nullable String code;
  final @Nullable String param;
  final @Nullable Long retryAfterSeconds;

  ApiError(
      int status,
      String type,
      @Nullable String code,
      @Nullable String param,
      String message,
      @Nullable Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiError invalid(@Nullable String param, String message) {
    return new ApiError(400, "invalid_request_error", null, param, message, null);
  }

  static ApiError unauthorized(String message) {
    return new ApiError(401, "invalid_request_error", "invalid_api_key", null, message, null);
  }

  static ApiError forbidden(String message) {
    return new ApiError(403, "permission_error", "forbidden", null, message, null);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "invalid_request_error", "not_found", null, message, null);
  }

  static ApiError tooLarge(long max) {
    return new ApiError(
        413,
        "invalid_request_error",
        "request_too_large",
        null,
        "The request body is larger than this server accepts (" + max + " bytes)",
        null);
  }

  static ApiError methodNotAllowed(String method, String path) {
    return new ApiError(
        405,
        "invalid_request_error",
        "method_not_allowed",
        null,
        method + " is not allowed on " + path,
        null);
  }

  /** Anthropic's error type for this answer's status. */
  String anthropicType() {
    switch (status) {
      case 400:
      case 405:
        return "invalid_request_error";
      case 401:
        return "authentication_error";
      case 403:
        return "permission_error";
      case 404:
        return "not_found_error";
      case 413:
        return "request_too_large";
      case 429:
        return "rate_limit_error";
      case 503:
      case 529:
        return "overloaded_error";
      case 504:
        return "timeout_error";
      default:
        return "api_error";
    }
  }
}
