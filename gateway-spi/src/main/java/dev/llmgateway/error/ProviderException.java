package dev.llmgateway.error;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A provider call failed. The {@link #kind()} decides what the gateway does next (see {@link
 * ErrorKind}); {@link #retryAfter()} carries the provider's own back-off hint when it gave one.
 *
 * <p>The message names the provider, the model and what the provider said, with secrets removed.
 */
public class ProviderException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  private final ErrorKind kind;

  /** The provider name. */
  private final String provider;

  /** The model or alias, or null. */
  private final @Nullable String model;

  /** The HTTP status, or 0 without an HTTP answer. */
  private final int httpStatus;

  /** The provider's back-off hint, or null. */
  private final @Nullable Duration retryAfter;

  /** The provider's error code, or null. */
  private final @Nullable String providerCode;

  /**
   * Creates a provider failure.
   *
   * @param kind what kind of failure this is
   * @param provider the provider name the gateway knows it by (for example {@code openai})
   * @param model the model that was called, or {@code null} if not known
   * @param httpStatus the HTTP status, or {@code 0} when there was no HTTP answer
   * @param retryAfter how long the provider asked to wait, or {@code null}
   * @param providerCode the provider's own error code or type, or {@code null}
   * @param message what went wrong, without secrets
   * @param cause the underlying failure, or {@code null}
   */
  public ProviderException(
      ErrorKind kind,
      String provider,
      @Nullable String model,
      int httpStatus,
      @Nullable Duration retryAfter,
      @Nullable String providerCode,
      String message,
      @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.provider = provider;
    this.model = model;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
    this.providerCode = providerCode;
  }

  /**
   * Creates a provider failure without HTTP details.
   *
   * @param kind what kind of failure this is
   * @param provider the provider name
   * @param model the model that was called, or {@code null}
   * @param message what went wrong, without secrets
   * @param cause the underlying failure, or {@code null}
   */
  public ProviderException(
      ErrorKind kind,
      String provider,
      @Nullable String model,
      String message,
      @Nullable Throwable cause) {
    this(kind, provider, model, 0, null, null, message, cause);
  }

  /**
   * The kind of failure.
   *
   * @return the kind, never {@code null}
   */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * The provider name the gateway knows the failing provider by.
   *
   * @return the provider name
   */
  public String provider() {
    return provider;
  }

  /**
   * The model that was called.
   *
   * @return the model, or empty if not known
   */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /**
   * The HTTP status of the provider's answer.
   *
   * @return the status, or empty when the failure had no HTTP answer (network, timeout)
   */
  public OptionalInt httpStatus() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  /**
   * How long the provider asked callers to wait before trying again ({@code Retry-After}).
   *
   * @return the wait, or empty if the provider gave none
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * The provider's own error code or type, such as {@code context_length_exceeded}.
   *
   * @return the code, or empty if the provider gave none
   */
  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }
}
