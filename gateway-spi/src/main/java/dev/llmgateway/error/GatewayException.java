package dev.llmgateway.error;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the gateway throws. Unchecked, like OkHttp's and openai-java's errors, so
 * that callers catch what they can handle and let the rest propagate.
 *
 * <p>A provider's failure reaches callers in one of three shapes: a bare {@link ProviderException}
 * (the failure did not fall back, or the deadline passed), wrapped in an {@link
 * AllTargetsFailedException} (every target failed), or as the cause of a stream that was cut after
 * its first chunk ({@code StreamInterruptedException}). {@link #providerFailure()}, {@link
 * #errorKind()} and {@link #providerMessage()} give the deciding provider failure, its kind and its
 * message whatever the shape:
 *
 * <pre>{@code
 * try {
 *   gateway.chat(request);
 * } catch (GatewayException e) {
 *   if (e.errorKind().orElse(null) == ErrorKind.RATE_LIMITED) {
 *     log.warn("rate limited: {}", e.providerMessage().orElse(""));
 *   }
 * }
 * }</pre>
 *
 * <p>Messages never contain API keys or prompt text.
 */
public class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong, naming the object and its state
   */
  public GatewayException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong, naming the object and its state
   * @param cause the underlying failure, or {@code null}
   */
  public GatewayException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * The provider failure that decided this outcome, whatever shape it reached the caller in: the
   * exception itself for a {@link ProviderException}, the last attempt's failure for an {@link
   * AllTargetsFailedException}, the cause of an interrupted stream. Local refusals (budget, quota,
   * invalid request, no route, configuration) have none.
   *
   * @return the provider failure, or empty if no provider failed
   */
  public Optional<ProviderException> providerFailure() {
    return Optional.empty();
  }

  /**
   * The kind of the provider failure that decided this outcome (see {@link #providerFailure()}).
   *
   * @return the kind, or empty if no provider failed
   */
  public final Optional<ErrorKind> errorKind() {
    return providerFailure().map(ProviderException::kind);
  }

  /**
   * The message of the provider failure that decided this outcome (see {@link #providerFailure()}):
   * the provider, the model, the HTTP status and what the provider said, without secrets.
   *
   * @return the message, or empty if no provider failed
   */
  public final Optional<String> providerMessage() {
    return providerFailure().map(Throwable::getMessage);
  }
}
