package dev.llmgateway.error;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * No attempt could be made because every target of the plan was out of capacity: all its keys were
 * cooling down after rate limits (kind {@link ErrorKind#RATE_LIMITED}) or its circuits were open
 * (kind {@link ErrorKind#UNAVAILABLE}), and waiting for the earliest recovery did not fit in the
 * call's deadline (or waiting is switched off, {@code GatewayClient.Builder.waitForCapacity}).
 *
 * <pre>{@code
 * try {
 *   gateway.chat(request);
 * } catch (CapacityUnavailableException e) {
 *   retryAt(e.availableAt());
 * }
 * }</pre>
 *
 * <p>{@link #retryAfter()} is the time from the failure to {@link #availableAt()}.
 */
public class CapacityUnavailableException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /** When the earliest key or target is expected back, or null if unknown. */
  private final @Nullable Instant availableAt;

  /**
   * Creates the exception.
   *
   * @param kind {@link ErrorKind#RATE_LIMITED} or {@link ErrorKind#UNAVAILABLE}
   * @param model the model or alias the call asked for
   * @param retryAfter the time until capacity is expected back, or {@code null} if not known
   * @param availableAt when capacity is expected back, or {@code null} if not known
   * @param message which targets were out of capacity and until when
   */
  public CapacityUnavailableException(
      ErrorKind kind,
      String model,
      @Nullable Duration retryAfter,
      @Nullable Instant availableAt,
      String message) {
    super(kind, "gateway", model, 0, retryAfter, null, message, null);
    this.availableAt = availableAt;
  }

  /**
   * When the first key or circuit is expected to take calls again.
   *
   * @return the instant, or {@code null} if not known
   */
  public @Nullable Instant availableAt() {
    return availableAt;
  }
}
