package dev.llmgateway.error;

import org.jspecify.annotations.Nullable;

/**
 * The gateway's configuration is invalid: a builder setting, a provider type nobody implements, two
 * provider factories claiming one type, a missing secret. Thrown at build or reload time, never in
 * the middle of a call.
 */
public class ConfigurationException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the setting and the value given
   */
  public ConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what is wrong, naming the setting and the value given
   * @param cause the underlying failure, or {@code null}
   */
  public ConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
