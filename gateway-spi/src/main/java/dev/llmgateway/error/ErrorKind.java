package dev.llmgateway.error;

/**
 * What kind of failure a provider call ended in, and the gateway's default reaction to it.
 *
 * <p>This enum is the single source of the reaction table (documented in {@code docs/errors.md}):
 *
 * <table>
 *   <caption>Default reaction per kind</caption>
 *   <tr><th>kind</th><th>retry same target</th><th>next key</th><th>fall back</th></tr>
 *   <tr><td>RATE_LIMITED</td><td>yes (after Retry-After)</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>AUTHENTICATION</td><td>no</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>PERMISSION</td><td>no</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>INVALID_REQUEST</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>CONTEXT_LENGTH_EXCEEDED</td><td>no</td><td>no</td><td>yes</td></tr>
 *   <tr><td>CONTENT_FILTERED</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>NOT_FOUND</td><td>no</td><td>no</td><td>yes</td></tr>
 *   <tr><td>TIMEOUT</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>NETWORK</td><td>yes</td><td>no</td><td>yes</td></tr>
 *   <tr><td>MALFORMED_RESPONSE</td><td>yes</td><td>no</td><td>yes</td></tr>
 * </table>
 *
 * <p>An invalid request is the caller's fault and would fail the same way everywhere, so it neither
 * retries nor falls back. A content filter verdict is a policy answer, not an outage.
 */
public enum ErrorKind {
  /** HTTP 429 or a provider throttling error. */
  RATE_LIMITED(true, true, true),
  /** The key was rejected (HTTP 401). */
  AUTHENTICATION(false, true, true),
  /** The key is valid but may not use this model or operation (HTTP 403). */
  PERMISSION(false, true, true),
  /** The request is malformed or has values the provider rejects (HTTP 400, 422). */
  INVALID_REQUEST(false, false, false),
  /** The prompt plus the requested output does not fit the model's context window. */
  CONTEXT_LENGTH_EXCEEDED(false, false, true),
  /** The provider's content filter refused the prompt or the answer. */
  CONTENT_FILTERED(false, false, false),
  /** The model or endpoint does not exist for this provider or key (HTTP 404). */
  NOT_FOUND(false, false, true),
  /** The call did not finish within its deadline. */
  TIMEOUT(true, false, true),
  /** The provider is down or overloaded (HTTP 5xx, 529). */
  UNAVAILABLE(true, false, true),
  /** The connection failed or was dropped. */
  NETWORK(true, false, true),
  /**
   * The provider answered with something that is not a valid response, or a stream was cut short.
   */
  MALFORMED_RESPONSE(true, false, true);

  private final boolean retryable;
  private final boolean nextKey;
  private final boolean fallback;

  ErrorKind(boolean retryable, boolean nextKey, boolean fallback) {
    this.retryable = retryable;
    this.nextKey = nextKey;
    this.fallback = fallback;
  }

  /**
   * Whether the same target may be tried again (with backoff) after this failure.
   *
   * @return {@code true} if a retry on the same target may succeed
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Whether the next key of the same provider should be tried after this failure.
   *
   * @return {@code true} if another key may succeed where this one failed
   */
  public boolean nextKey() {
    return nextKey;
  }

  /**
   * Whether the call should fall back to the next target of its plan after this failure.
   *
   * @return {@code true} if another target may succeed where this one failed
   */
  public boolean fallback() {
    return fallback;
  }
}
