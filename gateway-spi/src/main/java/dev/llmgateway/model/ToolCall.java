package dev.llmgateway.model;

/**
 * A call the model asked the application to make.
 *
 * @param id the provider's id for the call, echoed back in the tool result
 * @param name the tool's name
 * @param argumentsJson the arguments as a JSON object text, exactly as the model produced it
 */
public record ToolCall(String id, String name, String argumentsJson) {
  /**
   * Validates the call.
   *
   * @param id the provider's id for the call, echoed back in the tool result
   * @param name the tool's name
   * @param argumentsJson the arguments as a JSON object text, exactly as the model produced it
   * @throws dev.llmgateway.error.InvalidRequestException if a component is null or the name blank
   */
  public ToolCall {
    Checks.notNull(id, "toolCall.id");
    Checks.notBlank(name, "toolCall.name");
    Checks.notNull(argumentsJson, "toolCall.argumentsJson");
  }
}
