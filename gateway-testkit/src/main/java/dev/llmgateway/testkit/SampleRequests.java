package dev.llmgateway.testkit;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import java.util.List;
import java.util.Map;

/**
 * Requests that exercise every part of the normalized model, so that each provider adapter can be
 * checked to send the same meaning in its own wire format.
 *
 * <pre>{@code
 * ChatRequest request = SampleRequests.conversationWithToolAndImage("claude-haiku-4-5");
 * }</pre>
 */
public final class SampleRequests {
  /** A 1x1 transparent PNG, base64-encoded: a valid image small enough to assert on. */
  public static final String TINY_PNG_BASE64 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

  /** The tool offered by {@link #conversationWithToolAndImage(String)}. */
  public static final ToolDefinition WEATHER_TOOL =
      ToolDefinition.of(
          "get_weather",
          "Current weather for a city",
          Map.of(
              "type",
              "object",
              "properties",
              Map.of(
                  "city", Map.of("type", "string", "description", "City name"),
                  "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit"))),
              "required",
              List.of("city")));

  private SampleRequests() {}

  /**
   * A multi-turn conversation with a system prompt, a tool, a finished tool round trip and a final
   * user turn with text and an inline PNG image; {@code temperature} 0.2, {@code maxTokens} 300,
   * one stop sequence, tool choice {@code auto}.
   *
   * <p>The turns, in order: system; user "What's the weather in Paris?"; assistant calling {@code
   * get_weather} with id {@code call_1} and arguments {@code {"city":"Paris"}}; the tool result
   * {@code {"celsius":21}} for {@code call_1}; assistant "It is 21 °C in Paris."; user "And what is
   * in this picture?" with {@link #TINY_PNG_BASE64} as {@code image/png}.
   *
   * @param model the model to address
   * @return the request
   */
  public static ChatRequest conversationWithToolAndImage(String model) {
    return ChatRequest.builder()
        .model(model)
        .system("You are a concise assistant.")
        .user("What's the weather in Paris?")
        .message(
            Message.assistant(
                "", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"))))
        .message(Message.toolResult("call_1", "{\"celsius\":21}"))
        .assistant("It is 21 °C in Paris.")
        .message(
            Message.user(
                ContentPart.text("And what is in this picture?"),
                ContentPart.imageBase64("image/png", TINY_PNG_BASE64)))
        .tool(WEATHER_TOOL)
        .toolChoice(ToolChoice.AUTO)
        .temperature(0.2)
        .maxTokens(300)
        .stop("END")
        .build();
  }
}
