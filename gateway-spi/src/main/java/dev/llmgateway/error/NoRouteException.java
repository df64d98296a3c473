package dev.llmgateway.error;

/**
 * No target can serve the request: the model or alias is unknown, disabled, or every target was
 * filtered out before any call was made.
 */
public class NoRouteException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The model or alias, or null. */
  private final String model;

  /**
   * Creates the exception.
   *
   * @param model the model or alias the request asked for
   * @param message why no target is left
   */
  public NoRouteException(String model, String message) {
    super(message);
    this.model = model;
  }

  /**
   * The model or alias the request asked for.
   *
   * @return the requested model or alias
   */
  public String model() {
    return model;
  }
}
