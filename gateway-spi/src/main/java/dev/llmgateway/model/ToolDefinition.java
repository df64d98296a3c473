package dev.llmgateway.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A function the model may call.
 *
 * <pre>{@code
 * ToolDefinition weather = ToolDefinition.of("get_weather", "Current weather for a city",
 *     Map.of("type", "object",
 *            "properties", Map.of("city", Map.of("type", "string")),
 *            "required", List.of("city")));
 * }</pre>
 *
 * @param name the tool's name, as the model will use it
 * @param description what the tool does, or {@code null}
 * @param parameters the JSON Schema of the arguments object, as a JSON-like map (deep-copied)
 * @param strict whether providers that support it should enforce the schema exactly
 */
public record ToolDefinition(
    String name,
    @Nullable String description,
    Map<String, @Nullable Object> parameters,
    boolean strict) {

  /**
   * Validates and copies the definition.
   *
   * @param name the tool's name, as the model will use it
   * @param description what the tool does, or {@code null}
   * @param parameters the JSON Schema of the arguments object, as a JSON-like map (deep-copied)
   * @param strict whether providers that support it should enforce the schema exactly
   * @throws dev.llmgateway.error.InvalidRequestException if the name is blank or the schema holds
   *     values that are not JSON-like
   */
  public ToolDefinition {
    Checks.notBlank(name, "tools.name");
    parameters = Checks.jsonObject(parameters, "tools." + name + ".parameters");
  }

  /**
   * A non-strict tool.
   *
   * @param name the tool's name
   * @param description what the tool does, or {@code null}
   * @param parameters the JSON Schema of the arguments
   * @return the definition
   * @throws dev.llmgateway.error.InvalidRequestException as the constructor does
   */
  public static ToolDefinition of(
      String name,
      @Nullable String description,
      Map<String, ? extends @Nullable Object> parameters) {
    return new ToolDefinition(
        name, description, Checks.jsonObject(parameters, "tools.parameters"), false);
  }
}
