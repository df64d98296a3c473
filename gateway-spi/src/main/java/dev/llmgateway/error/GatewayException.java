package dev.llmgateway.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the gateway throws. Unchecked, like OkHttp's and openai-java's errors, so
 * that callers catch what they can handle and let the rest propagate.
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
}
