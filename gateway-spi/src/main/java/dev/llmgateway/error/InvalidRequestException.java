package dev.llmgateway.error;

/**
 * A request was refused before any provider was called because one of its fields is invalid. {@link
 * #field()} names the field, as a path such as {@code messages[2].content}.
 */
public class InvalidRequestException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The offending field. */
  private final String field;

  /**
   * Creates the exception.
   *
   * @param field the offending field, as a path such as {@code temperature}
   * @param message what is wrong with it, including the value given when it is not secret
   */
  public InvalidRequestException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /**
   * The offending field.
   *
   * @return a path such as {@code temperature} or {@code messages[0].content}
   */
  public String field() {
    return field;
  }
}
