package dev.llmgateway.spi;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the client hands a provider besides the request for one attempt: the key to use, the time
 * left, the cancellation signal and extra headers.
 *
 * @param key the key to authenticate with
 * @param timeout the time this attempt may take, including reading a whole stream; the provider
 *     must end the attempt with a {@code TIMEOUT} failure when it passes
 * @param cancellation cancelled when the caller gives up; the provider must abort its I/O
 * @param headers extra HTTP headers to send (not secret)
 * @param requestId the client's id for the call, for correlation in logs, or {@code null}
 * @param endpointMode which chat endpoint the target uses
 * @param rateLimitObserver receives the key's remaining rate limit when the provider learns it from
 *     an answer ({@link RateLimitObserver#NONE} when the caller does not care)
 */
public record ProviderCall(
    ProviderKey key,
    Duration timeout,
    Cancellation cancellation,
    Map<String, String> headers,
    @Nullable String requestId,
    EndpointMode endpointMode,
    RateLimitObserver rateLimitObserver) {

  /**
   * Validates and copies the call.
   *
   * @param rateLimitObserver receives the key's remaining rate limit when the provider learns it
   *     from an answer ({@link RateLimitObserver#NONE} when the caller does not care)
   * @param key the key to authenticate with
   * @param timeout the time this attempt may take, including reading a whole stream; the provider
   *     must end the attempt with a {@code TIMEOUT} failure when it passes
   * @param cancellation cancelled when the caller gives up; the provider must abort its I/O
   * @param headers extra HTTP headers to send (not secret)
   * @param requestId the client's id for the call, for correlation in logs, or {@code null}
   * @param endpointMode which chat endpoint the target uses
   * @throws IllegalArgumentException if a component is null or the timeout not positive
   */
  public ProviderCall {
    if (key == null
        || timeout == null
        || cancellation == null
        || headers == null
        || endpointMode == null
        || rateLimitObserver == null) {
      throw new IllegalArgumentException(
          "key, timeout, cancellation, headers, endpointMode and rateLimitObserver must be given");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    headers = Map.copyOf(headers);
  }

  /**
   * A call without a rate-limit observer ({@link RateLimitObserver#NONE}).
   *
   * @param key the key to authenticate with
   * @param timeout the time this attempt may take
   * @param cancellation cancelled when the caller gives up
   * @param headers extra HTTP headers to send
   * @param requestId the client's id for the call, or {@code null}
   * @param endpointMode which chat endpoint the target uses
   * @throws IllegalArgumentException if a component is null or the timeout not positive
   */
  public ProviderCall(
      ProviderKey key,
      Duration timeout,
      Cancellation cancellation,
      Map<String, String> headers,
      @Nullable String requestId,
      EndpointMode endpointMode) {
    this(key, timeout, cancellation, headers, requestId, endpointMode, RateLimitObserver.NONE);
  }

  /**
   * A call on the chat endpoint ({@link EndpointMode#CHAT}).
   *
   * @param key the key to authenticate with
   * @param timeout the time this attempt may take
   * @param cancellation cancelled when the caller gives up
   * @param headers extra HTTP headers to send
   * @param requestId the client's id for the call, or {@code null}
   * @throws IllegalArgumentException if a component is null or the timeout not positive
   */
  public ProviderCall(
      ProviderKey key,
      Duration timeout,
      Cancellation cancellation,
      Map<String, String> headers,
      @Nullable String requestId) {
    this(key, timeout, cancellation, headers, requestId, EndpointMode.CHAT);
  }

  /**
   * A copy for another endpoint mode.
   *
   * @param mode the endpoint mode
   * @return the copy
   */
  public ProviderCall withEndpointMode(EndpointMode mode) {
    return new ProviderCall(
        key, timeout, cancellation, headers, requestId, mode, rateLimitObserver);
  }

  /**
   * A copy that reports rate-limit hints to another observer.
   *
   * @param observer the observer
   * @return the copy
   */
  public ProviderCall withRateLimitObserver(RateLimitObserver observer) {
    return new ProviderCall(key, timeout, cancellation, headers, requestId, endpointMode, observer);
  }

  /**
   * A call with a fresh cancellation signal and no extra headers.
   *
   * @param key the key
   * @param timeout the time allowed
   * @return the call
   */
  public static ProviderCall of(ProviderKey key, Duration timeout) {
    return new ProviderCall(key, timeout, new Cancellation(), Map.of(), null);
  }
}
