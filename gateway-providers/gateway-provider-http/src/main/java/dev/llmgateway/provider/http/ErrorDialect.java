package dev.llmgateway.provider.http;

import dev.llmgateway.error.ErrorKind;
import org.jspecify.annotations.Nullable;

/**
 * A provider API's error format: how to read its error bodies, and how what it says refines the
 * {@link ErrorKind} that {@link HttpErrorMapper} chose from the HTTP status.
 *
 * <pre>{@code
 * ErrorDialect anthropic = new ErrorDialect() {
 *   public ErrorBody parse(String body) { ... read {"type":"error","error":{"type","message"}} ... }
 *   public ErrorKind refine(int status, ErrorKind kind, ErrorBody body) {
 *     return "overloaded_error".equals(body.type()) ? ErrorKind.UNAVAILABLE : kind;
 *   }
 * };
 * }</pre>
 *
 * <p>Implementations must be thread-safe and must not throw; a body they cannot read yields {@code
 * null}.
 */
public interface ErrorDialect {

  /** A dialect that understands no body: the kind comes from the status alone. */
  ErrorDialect NONE = body -> null;

  /**
   * Reads an error body.
   *
   * @param body the body text, possibly truncated, possibly not JSON (an HTML page from a proxy)
   * @return what the provider said, or {@code null} if the body is not in this dialect
   */
  @Nullable ErrorBody parse(String body);

  /**
   * Refines the kind chosen from the HTTP status with what the body said. The default keeps it.
   *
   * @param httpStatus the HTTP status, or {@code 0} for an error reported inside a stream
   * @param kind the kind chosen from the status (and from generic context-length hints)
   * @param body what the provider said
   * @return the kind to report
   */
  default ErrorKind refine(int httpStatus, ErrorKind kind, ErrorBody body) {
    return kind;
  }
}
