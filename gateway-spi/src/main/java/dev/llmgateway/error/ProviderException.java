package dev.llmgateway.error;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A provider call failed. The {@link #kind()} decides what the gateway does next (see {@link
 * ErrorKind}); {@link #retryable()} says whether the same target may be tried again, which is the
 * kind's default unless the provider said otherwise (for example with an {@code x-should-retry}
 * header); {@link #retryAfter()} carries the provider's own back-off hint when it gave one.
 *
 * <pre>{@code
 * throw ProviderException.builder(ErrorKind.RATE_LIMITED, "openai")
 *     .model("gpt-4o-mini")
 *     .httpStatus(429)
 *     .retryable(false) // the provider said: do not retry
 *     .message("Provider 'openai' answered HTTP 429: ...")
 *     .build();
 * }</pre>
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

  /** Whether the same target may be tried again. */
  private final boolean retryable;

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
    this.retryable = kind.retryable();
  }

  /**
   * Creates a provider failure from a builder.
   *
   * @param builder the builder, whose message must have been set
   * @throws IllegalStateException if the builder has no message
   */
  protected ProviderException(Builder builder) {
    super(builder.checkedMessage(), builder.cause);
    this.kind = builder.kind;
    this.provider = builder.provider;
    this.model = builder.model;
    this.httpStatus = builder.httpStatus;
    this.retryAfter = builder.retryAfter;
    this.providerCode = builder.providerCode;
    this.retryable = builder.retryable != null ? builder.retryable : builder.kind.retryable();
  }

  /**
   * Starts a provider failure of the given kind. Every other field is optional; {@link
   * Builder#retryable(boolean)} defaults to the kind's {@link ErrorKind#retryable()}.
   *
   * @param kind what kind of failure this is
   * @param provider the provider name the gateway knows it by
   * @return the builder
   * @throws IllegalArgumentException if kind or provider is null
   */
  public static Builder builder(ErrorKind kind, String provider) {
    return new Builder(kind, provider);
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
   * Whether the same target may be tried again (after a pause) after this failure: the kind's
   * {@link ErrorKind#retryable()} unless the provider said otherwise, such as a rate limit that
   * must not be retried. Whether the next key is tried and whether the call falls back still follow
   * the kind.
   *
   * @return {@code true} if a retry on the same target may succeed
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * The provider failure itself.
   *
   * @return this exception
   */
  @Override
  public Optional<ProviderException> providerFailure() {
    return Optional.of(this);
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

  /**
   * Builds a {@link ProviderException}. Not thread-safe; build once.
   *
   * <pre>{@code
   * ProviderException e = ProviderException.builder(ErrorKind.UNAVAILABLE, "claude")
   *     .httpStatus(529)
   *     .message("Provider 'claude' answered HTTP 529: Overloaded")
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final ErrorKind kind;
    private final String provider;
    private @Nullable String model;
    private int httpStatus;
    private @Nullable Duration retryAfter;
    private @Nullable String providerCode;
    private @Nullable Boolean retryable;
    private @Nullable String message;
    private @Nullable Throwable cause;

    private Builder(ErrorKind kind, String provider) {
      if (kind == null || provider == null) {
        throw new IllegalArgumentException("ProviderException kind and provider must not be null");
      }
      this.kind = kind;
      this.provider = provider;
    }

    /**
     * The model that was called. Defaults to none.
     *
     * @param model the model, or {@code null} if not known
     * @return this builder
     */
    public Builder model(@Nullable String model) {
      this.model = model;
      return this;
    }

    /**
     * The HTTP status of the provider's answer. Defaults to {@code 0}, no HTTP answer.
     *
     * @param httpStatus the status, or {@code 0}
     * @return this builder
     * @throws IllegalArgumentException if the status is negative
     */
    public Builder httpStatus(int httpStatus) {
      if (httpStatus < 0) {
        throw new IllegalArgumentException("httpStatus must not be negative, was " + httpStatus);
      }
      this.httpStatus = httpStatus;
      return this;
    }

    /**
     * How long the provider asked to wait. Defaults to none.
     *
     * @param retryAfter the wait, or {@code null}
     * @return this builder
     */
    public Builder retryAfter(@Nullable Duration retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * The provider's own error code or type. Defaults to none.
     *
     * @param providerCode the code, or {@code null}
     * @return this builder
     */
    public Builder providerCode(@Nullable String providerCode) {
      this.providerCode = providerCode;
      return this;
    }

    /**
     * Whether the same target may be tried again. Defaults to the kind's {@link
     * ErrorKind#retryable()}; set it when the provider said otherwise (for example {@code
     * x-should-retry: false} on a 429).
     *
     * @param retryable whether a retry on the same target may succeed
     * @return this builder
     */
    public Builder retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    /**
     * What went wrong, without secrets. Required.
     *
     * @param message the message
     * @return this builder
     * @throws IllegalArgumentException if the message is null
     */
    public Builder message(String message) {
      if (message == null) {
        throw new IllegalArgumentException("ProviderException message must not be null");
      }
      this.message = message;
      return this;
    }

    /**
     * The underlying failure. Defaults to none.
     *
     * @param cause the cause, or {@code null}
     * @return this builder
     */
    public Builder cause(@Nullable Throwable cause) {
      this.cause = cause;
      return this;
    }

    /**
     * Builds the exception.
     *
     * @return the exception
     * @throws IllegalStateException if no message was set
     */
    public ProviderException build() {
      return new ProviderException(this);
    }

    private String checkedMessage() {
      if (message == null) {
        throw new IllegalStateException(
            "ProviderException for provider '" + provider + "' (" + kind + ") has no message");
      }
      return message;
    }
  }
}
