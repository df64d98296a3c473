package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.SampleRequests;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicChatTest extends AnthropicTestSupport {

  static final String PLAIN_ANSWER =
      """
      {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5-20251001",
        "content": [
          {
            "type": "text",
            "text": "A circuit breaker stops calls to a failing service so it can recover."
          }
        ],
        "stop_reason": "end_turn",
        "stop_sequence": null,
        "usage": {
          "input_tokens": 195,
          "cache_creation_input_tokens": 1024,
          "cache_read_input_tokens": 0,
          "cache_creation": {"ephemeral_5m_input_tokens": 1024, "ephemeral_1h_input_tokens": 0},
          "output_tokens": 17,
          "service_tier": "standard"
        }
      }
      """;

  static final String TOOL_ANSWER =
      """
      {
        "id": "msg_01Aq9w938a90dw8q",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5-20251001",
        "content": [
          {"type": "text", "text": "I'll check the weather in Paris."},
          {
            "type": "tool_use",
            "id": "toolu_01A09q90qw90lq917835lq9",
            "name": "get_weather",
            "input": {"city": "Paris", "unit": "celsius"}
          }
        ],
        "stop_reason": "tool_use",
        "stop_sequence": null,
        "usage": {
          "input_tokens": 384,
          "cache_creation_input_tokens": 0,
          "cache_read_input_tokens": 2048,
          "output_tokens": 71
        }
      }
      """;

  static String answer(String stopReason) {
    return PLAIN_ANSWER.replace("\"end_turn\"", "\"" + stopReason + "\"");
  }

  @Test
  void sendsTheSampleConversationInAnthropicsDocumentedShape() {
    server.enqueue(json(200, PLAIN_ANSWER));

    provider.chat(SampleRequests.conversationWithToolAndImage("claude-haiku-4-5"), call());

    assertRequest(
        "application/json",
        """
        {
          "model": "claude-haiku-4-5",
          "max_tokens": 300,
          "system": "You are a concise assistant.",
          "messages": [
            {"role": "user", "content": "What's the weather in Paris?"},
            {
              "role": "assistant",
              "content": [
                {"type": "tool_use", "id": "call_1", "name": "get_weather",
                 "input": {"city": "Paris"}}
              ]
            },
            {
              "role": "user",
              "content": [
                {"type": "tool_result", "tool_use_id": "call_1", "content": "{\\"celsius\\":21}"}
              ]
            },
            {"role": "assistant", "content": "It is 21 °C in Paris."},
            {
              "role": "user",
              "content": [
                {"type": "text", "text": "And what is in this picture?"},
                {
                  "type": "image",
                  "source": {
                    "type": "base64",
                    "media_type": "image/png",
                    "data": "%s"
                  }
                }
              ]
            }
          ],
          "temperature": 0.2,
          "stop_sequences": ["END"],
          "tools": [
            {
              "name": "get_weather",
              "description": "Current weather for a city",
              "input_schema": {
                "type": "object",
                "properties": {
                  "city": {"type": "string", "description": "City name"},
                  "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}
                },
                "required": ["city"]
              }
            }
          ],
          "tool_choice": {"type": "auto"}
        }
        """
            .formatted(SampleRequests.TINY_PNG_BASE64));
  }

  @Test
  void sendsPlainChatAndNormalizesTheAnswerAndCacheWrites() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .system("Answer in one sentence.")
            .user("What is a circuit breaker?")
            .maxTokens(200)
            .build();

    ChatResponse response = provider.chat(request, call());

    assertRequest(
        "application/json",
        """
        {
          "model": "claude-haiku-4-5",
          "max_tokens": 200,
          "system": "Answer in one sentence.",
          "messages": [{"role": "user", "content": "What is a circuit breaker?"}]
        }
        """);
    assertThat(response.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(response.provider()).isEqualTo("claude-main");
    assertThat(response.model()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(response.text())
        .isEqualTo("A circuit breaker stops calls to a failing service so it can recover.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(anthropicUsage(195 + 1024, 17, 0, 1024));
    assertThat(response.cost()).isEqualTo(Cost.UNKNOWN);
  }

  @Test
  void readsToolUseBlocksAsToolCallsWithCompactJsonArguments() {
    server.enqueue(json(200, TOOL_ANSWER));

    ChatResponse response =
        provider.chat(SampleRequests.conversationWithToolAndImage("claude-haiku-4-5"), call());

    assertThat(response.text()).isEqualTo("I'll check the weather in Paris.");
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall(
                "toolu_01A09q90qw90lq917835lq9",
                "get_weather",
                "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.usage()).isEqualTo(anthropicUsage(384 + 2048, 71, 2048, 0));
  }

  @ParameterizedTest
  @CsvSource({
    "end_turn, STOP",
    "stop_sequence, STOP",
    "max_tokens, LENGTH",
    "model_context_window_exceeded, LENGTH",
    "tool_use, TOOL_CALLS",
    "refusal, CONTENT_FILTER",
    "pause_turn, OTHER"
  })
  void mapsEveryStopReason(String stopReason, FinishReason expected) {
    server.enqueue(json(200, answer(stopReason)));
    ChatRequest request = ChatRequest.builder().model("claude-haiku-4-5").user("hi").build();

    assertThat(provider.chat(request, call()).finishReason()).isEqualTo(expected);
  }

  @Test
  void mergesToolResultsAndTheNextUserMessageIntoOneUserTurn() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-sonnet-4-5")
            .system("Be brief.")
            .user("Weather and time in Paris?")
            .message(
                Message.assistant(
                    "Checking both.",
                    List.of(
                        new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("toolu_2", "get_time", ""))))
            .message(Message.toolResult("toolu_1", "{\"celsius\":21}"))
            .message(Message.toolResult("toolu_2", "14:05"))
            .user("Thanks, and in Rome?")
            .system("Use metric units.")
            .build();

    provider.chat(request, call());

    JsonNode body = requestBody();
    assertThat(body.get("system"))
        .isEqualTo(
            tree(
                """
                [{"type": "text", "text": "Be brief."},
                 {"type": "text", "text": "Use metric units."}]
                """));
    assertThat(body.get("messages"))
        .isEqualTo(
            tree(
                """
                [
                  {"role": "user", "content": "Weather and time in Paris?"},
                  {"role": "assistant", "content": [
                    {"type": "text", "text": "Checking both."},
                    {"type": "tool_use", "id": "toolu_1", "name": "get_weather",
                     "input": {"city": "Paris"}},
                    {"type": "tool_use", "id": "toolu_2", "name": "get_time", "input": {}}
                  ]},
                  {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "content": "{\\"celsius\\":21}"},
                    {"type": "tool_result", "tool_use_id": "toolu_2", "content": "14:05"},
                    {"type": "text", "text": "Thanks, and in Rome?"}
                  ]}
                ]
                """));
  }

  @Test
  void sendsImagesByUrlAndDataUrlsAsBase64() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .message(
                Message.user(
                    ContentPart.imageUrl("https://example.com/cat.png"),
                    ContentPart.imageUrl("data:image/jpeg;base64,/9j/4AAQ"),
                    ContentPart.text("Compare them.")))
            .build();

    provider.chat(request, call());

    assertThat(requestBody().at("/messages/0/content"))
        .isEqualTo(
            tree(
                """
                [
                  {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.png"}},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg",
                                               "data": "/9j/4AAQ"}},
                  {"type": "text", "text": "Compare them."}
                ]
                """));
  }

  @ParameterizedTest
  @CsvSource({
    "AUTO, , '{\"type\":\"auto\"}'",
    "NONE, , '{\"type\":\"none\"}'",
    "REQUIRED, , '{\"type\":\"any\"}'",
    "NAMED, get_weather, '{\"type\":\"tool\",\"name\":\"get_weather\"}'"
  })
  void mapsEveryToolChoice(ToolChoice.Mode mode, String name, String expected) {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("Weather?")
            .tool(SampleRequests.WEATHER_TOOL)
            .toolChoice(new ToolChoice(mode, name))
            .build();

    provider.chat(request, call());

    assertThat(requestBody().get("tool_choice")).isEqualTo(tree(expected));
  }

  @Test
  void sendsEndUserAsMetadataAndMergesExtraParamsOverGeneratedFields() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("hi")
            .topP(0.9)
            .seed(42)
            .endUser("user-7")
            .extraParam("top_k", 5)
            .extraParam("temperature", 0.3)
            .extraParam("stream", true)
            .temperature(1.0)
            .build();

    provider.chat(request, call());

    assertThat(requestBody())
        .isEqualTo(
            tree(
                """
                {"model": "claude-haiku-4-5", "max_tokens": 16384,
                 "messages": [{"role": "user", "content": "hi"}],
                 "top_p": 0.9, "metadata": {"user_id": "user-7"},
                 "top_k": 5, "temperature": 0.3}
                """));
  }

  @ParameterizedTest
  @CsvSource({
    "claude-3-haiku-20240307, 4096",
    "claude-3-opus-20240229, 4096",
    "claude-3-5-haiku-20241022, 8192",
    "claude-3-5-sonnet-latest, 8192",
    "claude-3-7-sonnet-20250219, 16384",
    "claude-sonnet-4-5, 16384",
    "claude-opus-4-1-20250805, 16384",
    "claude-haiku-4-5, 16384",
    "my-finetune, 4096"
  })
  void sendsADefaultMaxTokensPerModelFamilyWhenTheRequestHasNone(String model, int expected) {
    server.enqueue(json(200, PLAIN_ANSWER));

    provider.chat(ChatRequest.builder().model(model).user("hi").build(), call());

    assertThat(requestBody().get("max_tokens").asInt()).isEqualTo(expected);
  }

  @Test
  void optionsOverrideTheDefaultMaxTokensAndTheVersionHeader() {
    server.enqueue(json(200, PLAIN_ANSWER));
    Provider custom =
        provider(
            ProviderSettings.builder("claude-custom", "anthropic")
                .option("default-max-tokens", "1024")
                .option("anthropic-version", "2099-01-01"));

    custom.chat(ChatRequest.builder().model("claude-haiku-4-5").user("hi").build(), call());

    var request = takeRequest();
    assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2099-01-01");
    assertThat(tree(request.getBody().utf8()).get("max_tokens").asInt()).isEqualTo(1024);
  }

  @Test
  void rejectsAnInvalidDefaultMaxTokensOption() {
    assertThatThrownBy(
            () ->
                provider(
                    ProviderSettings.builder("claude-bad", "anthropic")
                        .option("default-max-tokens", "lots")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'default-max-tokens' must be a positive integer, was 'lots'");
  }

  @Test
  void asksForAJsonObjectWithASystemInstruction() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .system("You extract data.")
            .user("Paris, 21 degrees")
            .responseFormat(ResponseFormat.JSON_OBJECT)
            .build();

    provider.chat(request, call());

    assertThat(requestBody().get("system"))
        .isEqualTo(
            tree(
                """
                [{"type": "text", "text": "You extract data."},
                 {"type": "text", "text": "Respond with a single valid JSON object and nothing\
                 else: no prose, no code fences."}]
                """));
  }

  @Test
  void asksForJsonMatchingASchemaWithASystemInstructionQuotingIt() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("Paris, 21 degrees")
            .responseFormat(
                ResponseFormat.jsonSchema(
                    "weather",
                    Map.of(
                        "type", "object", "properties", Map.of("city", Map.of("type", "string")))))
            .build();

    provider.chat(request, call());

    String system = requestBody().get("system").asText();
    assertThat(system)
        .startsWith(
            "Respond with a single valid JSON object and nothing else: no prose, no code fences."
                + " The object must match this JSON Schema (named 'weather'):\n");
    assertThat(tree(system.substring(system.indexOf('\n') + 1)))
        .isEqualTo(tree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
  }

  @Test
  void rejectsToolCallArgumentsThatAreNotAJsonObjectWithoutCallingTheServer() {
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("hi")
            .message(Message.assistant("", List.of(new ToolCall("toolu_1", "f", "[1,2]"))))
            .message(Message.toolResult("toolu_1", "ok"))
            .build();

    assertThatThrownBy(() -> provider.chat(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("messages[1].toolCalls[0].argumentsJson");
            });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void isFoundThroughTheServiceLoaderAndHasNoEmbeddings() {
    // On the module path the tests run inside this module, which provides the service but does not
    // use it: let it use it, as a consumer does (on the class path this changes nothing).
    getClass().getModule().addUses(ProviderFactory.class);
    ProviderFactory factory =
        ServiceLoader.load(ProviderFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.type().equals("anthropic"))
            .findFirst()
            .orElseThrow();
    assertThat(factory).isInstanceOf(AnthropicProviderFactory.class);
    assertThat(provider.name()).isEqualTo("claude-main");
    assertThat(provider.capabilities())
        .isEqualTo(
            new Capabilities(true, true, true, true, true, false).withChatExtras(true, true));
    assertThatThrownBy(() -> provider.embed(EmbeddingRequest.of("voyage-3", List.of("hi")), call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
  }

  @Test
  void toStringNamesTheEndpointButNeverTheKey() {
    assertThat(provider.toString())
        .startsWith("AnthropicProvider[claude-main, http://")
        .endsWith("/v1/messages]")
        .doesNotContain(API_KEY);
  }

  @Test
  void rejectsAnInvalidBaseUrl() {
    assertThatThrownBy(
            () ->
                new AnthropicProviderFactory()
                    .create(
                        ProviderSettings.builder("claude-bad", "anthropic")
                            .baseUrl("not a url")
                            .build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("baseUrl");
  }
}
