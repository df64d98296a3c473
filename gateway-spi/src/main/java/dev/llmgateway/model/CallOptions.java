package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options that are not part of what the model is asked.
 *
 * @param timeout the end-to-end deadline of the call, covering every retry and fallback, or {@code
 *     null} for the client's default
 * @param maxAttempts the most provider attempts the call may make, or {@code null} for the client's
 *     default
 * @param headers extra HTTP headers sent to the provider (not secret: they may be logged)
 */
public record CallOptions(
    @Nullable Duration timeout, @Nullable Integer maxAttempts, Map<String, String> headers) {

  /** The client's defaults. */
  public static final CallOptions DEFAULT = new CallOptions(null, null, Map.of());

  /**
   * Validates and copies the options.
   *
   * @param timeout the end-to-end deadline of the call, covering every retry and fallback, or
   *     {@code null} for the client's default
   * @param maxAttempts the most provider attempts the call may make, or {@code null} for the
   *     client's default
   * @param headers extra HTTP headers sent to the provider (not secret: they may be logged)
   * @throws InvalidRequestException if the timeout is not positive or the attempt count below 1
   */
  public CallOptions {
    if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new InvalidRequestException("options.timeout", "must be positive, was " + timeout);
    }
    if (maxAttempts != null && maxAttempts < 1) {
      throw new InvalidRequestException(
          "options.maxAttempts", "must be at least 1, was " + maxAttempts);
    }
    headers = Checks.stringMap(headers, "options.headers");
  }

  /**
   * Options with only a timeout.
   *
   * @param timeout the end-to-end deadline
   * @return the options
   * @throws InvalidRequestException if the timeout is not positive
   */
  public static CallOptions timeout(Duration timeout) {
    return new CallOptions(timeout, null, Map.of());
  }
}
