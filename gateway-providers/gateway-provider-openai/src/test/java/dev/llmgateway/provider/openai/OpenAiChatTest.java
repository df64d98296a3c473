package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiChatTest extends OpenAiTestSupport {

  static final String PLAIN_ANSWER =
      """
      {
        "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
        "object": "chat.completion",
        "created": 1741569952,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [
          {
            "index": 0,
            "message": {
              "role": "assistant",
              "content": "A circuit breaker stops calls to a failing service so it can recover.",
              "refusal": null,
              "annotations": []
            },
            "logprobs": null,
            "finish_reason": "stop"
          }
        ],
        "usage": {
          "prompt_tokens": 1219,
          "completion_tokens": 85,
          "total_tokens": 1304,
          "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
          "completion_tokens_details": {
            "reasoning_tokens": 64,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0
          }
        },
        "service_tier": "default",
        "system_fingerprint": "fp_06737a9306"
      }
      """;

  @Test
  void sendsPlainChatAndParsesTheAnswer() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("gpt-4o-mini")
            .system("Answer in one sentence.")
            .user("What is a circuit breaker?")
            .maxTokens(200)
            .build();

    ChatResponse response = provider.chat(request, call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        """
        {
          "model": "gpt-4o-mini",
          "messages": [
            {"role": "system", "content": "Answer in one sentence."},
            {"role": "user", "content": "What is a circuit breaker?"}
          ],
          "max_completion_tokens": 200
        }
        """);
    assertThat(response.id()).isEqualTo("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    assertThat(response.provider()).isEqualTo("openai-main");
    assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(response.text())
        .isEqualTo("A circuit breaker stops calls to a failing service so it can recover.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(openAiUsage(1219, 85, 1024, 64));
    assertThat(response.cost()).isEqualTo(Cost.UNKNOWN);
  }

  @Test
  void sendsJsonModeAndReadsTheJsonAnswer() {
    server.enqueue(
        json(
            200,
            """
            {"id":"chatcmpl-AjoahzpV4Bh8oT2dsD6hHzzEtIIsy","object":"chat.completion",
             "created":1735330451,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant",
               "content":"{\\"city\\":\\"Paris\\",\\"celsius\\":21}","refusal":null},
               "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":31,"completion_tokens":12,"total_tokens":43,
               "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
               "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                 "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "system_fingerprint":"fp_5f20662549"}
            """));
    ChatRequest request =
        ChatRequest.builder()
            .model("gpt-4o")
            .user("Weather in Paris as JSON")
            .responseFormat(ResponseFormat.JSON_OBJECT)
            .build();

    ChatResponse response = provider.chat(request, call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        """
        {"model":"gpt-4o","messages":[{"role":"user","content":"Weather in Paris as JSON"}],
         "response_format":{"type":"json_object"}}
        """);
    assertThat(response.text()).isEqualTo("{\"city\":\"Paris\",\"celsius\":21}");
    assertThat(response.usage()).isEqualTo(openAiUsage(31, 12, 0, 0));
  }

  @Test
  void sendsJsonSchemaResponseFormat() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ResponseFormat format =
        ResponseFormat.jsonSchema(
            "weather",
            Map.of(
                "type",
                "object",
                "properties",
                Map.of("celsius", Map.of("type", "number")),
                "required",
                List.of("celsius"),
                "additionalProperties",
                false));
    provider.chat(
        ChatRequest.builder().model("gpt-4o").user("Weather?").responseFormat(format).build(),
        call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        """
        {"model":"gpt-4o","messages":[{"role":"user","content":"Weather?"}],
         "response_format":{"type":"json_schema","json_schema":{"name":"weather","strict":true,
           "schema":{"type":"object","properties":{"celsius":{"type":"number"}},
                     "required":["celsius"],"additionalProperties":false}}}}
        """);
  }

  @Test
  void sendsImagesByUrlAndAsBase64() {
    server.enqueue(json(200, PLAIN_ANSWER));
    ChatRequest request =
        ChatRequest.builder()
            .model("gpt-4o")
            .message(
                Message.user(
                    ContentPart.text("What is in these pictures?"),
                    ContentPart.imageUrl("https://example.com/cat.png").withDetail("low"),
                    ContentPart.imageBase64("image/png", "iVBORw0KGgo=")))
            .build();

    provider.chat(request, call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        """
        {"model":"gpt-4o","messages":[{"role":"user","content":[
          {"type":"text","text":"What is in these pictures?"},
          {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}
        ]}]}
        """);
  }

  @Test
  void sendsMultiTurnConversationWithToolsAndToolResults() {
    server.enqueue(
        json(
            200,
            """
            {"id":"chatcmpl-BJkQx5ZsSvG3P3hjBr8vGlYQzM2cR","object":"chat.completion",
             "created":1744060000,"model":"gpt-4.1-2025-04-14",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,
               "tool_calls":[
                 {"id":"call_Vsz3TnWvA1Ll0fqkB2J6R4Kd","type":"function",
                  "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lyon\\"}"}},
                 {"id":"call_Q9dVb1uxd3PfD8GoT4hI2nXw","type":"function",
                  "function":{"name":"get_time","arguments":"{\\"tz\\":\\"Europe/Paris\\"}"}}],
               "refusal":null,"annotations":[]},
               "logprobs":null,"finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":182,"completion_tokens":51,"total_tokens":233,
               "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
               "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                 "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "service_tier":"default","system_fingerprint":"fp_b38e740b47"}
            """));
    ToolDefinition weather =
        new ToolDefinition(
            "get_weather",
            "Current weather for a city",
            Map.of(
                "type",
                "object",
                "properties",
                Map.of("city", Map.of("type", "string")),
                "required",
                List.of("city")),
            true);
    ToolDefinition time =
        ToolDefinition.of("get_time", null, Map.of("type", "object", "properties", Map.of()));
    ChatRequest request =
        ChatRequest.builder()
            .model("gpt-4.1")
            .system("You are terse.")
            .user("What's the weather in Paris?")
            .message(
                Message.assistant(
                    "",
                    List.of(
                        new ToolCall(
                            "call_1x0HbYf1dW6cF4rJ2kQeLgSa",
                            "get_weather",
                            "{\"city\":\"Paris\"}"))))
            .message(Message.toolResult("call_1x0HbYf1dW6cF4rJ2kQeLgSa", "{\"celsius\":21}"))
            .assistant("21°C in Paris.")
            .user("And Lyon, and the time?")
            .tool(weather)
            .tool(time)
            .toolChoice(ToolChoice.REQUIRED)
            .temperature(0.2)
            .topP(0.9)
            .maxTokens(300)
            .stop("END", "STOP")
            .seed(42)
            .endUser("user-7")
            .extraParam("parallel_tool_calls", true)
            .extraParam("metadata", Map.of("feature", "weather"))
            .build();

    ChatResponse response = provider.chat(request, call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        """
        {
          "model": "gpt-4.1",
          "messages": [
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "What's the weather in Paris?"},
            {"role": "assistant", "tool_calls": [
              {"id": "call_1x0HbYf1dW6cF4rJ2kQeLgSa", "type": "function",
               "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}}]},
            {"role": "tool", "tool_call_id": "call_1x0HbYf1dW6cF4rJ2kQeLgSa",
             "content": "{\\"celsius\\":21}"},
            {"role": "assistant", "content": "21°C in Paris."},
            {"role": "user", "content": "And Lyon, and the time?"}
          ],
          "temperature": 0.2,
          "top_p": 0.9,
          "max_completion_tokens": 300,
          "stop": ["END", "STOP"],
          "seed": 42,
          "tools": [
            {"type": "function", "function": {"name": "get_weather",
              "description": "Current weather for a city",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                             "required": ["city"]},
              "strict": true}},
            {"type": "function", "function": {"name": "get_time",
              "parameters": {"type": "object", "properties": {}}}}
          ],
          "tool_choice": "required",
          "user": "user-7",
          "parallel_tool_calls": true,
          "metadata": {"feature": "weather"}
        }
        """);
    assertThat(response.text()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_Vsz3TnWvA1Ll0fqkB2J6R4Kd", "get_weather", "{\"city\":\"Lyon\"}"),
            new ToolCall("call_Q9dVb1uxd3PfD8GoT4hI2nXw", "get_time", "{\"tz\":\"Europe/Paris\"}"));
    assertThat(response.usage()).isEqualTo(openAiUsage(182, 51, 0, 0));
  }

  @Test
  void sendsNamedToolChoice() {
    server.enqueue(json(200, PLAIN_ANSWER));
    provider.chat(
        ChatRequest.builder()
            .model("gpt-4o")
            .user("hi")
            .tool(ToolDefinition.of("lookup", "Looks up", Map.of("type", "object")))
            .toolChoice(ToolChoice.named("lookup"))
            .build(),
        call());

    RecordedRequestBody body = new RecordedRequestBody(takeRequest().getBody().utf8());
    assertThat(body.tree().get("tool_choice"))
        .isEqualTo(tree("{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}"));
  }

  record RecordedRequestBody(String json) {
    com.fasterxml.jackson.databind.JsonNode tree() {
      return OpenAiTestSupport.tree(json);
    }
  }

  @Test
  void letsExtraParamsOverrideGeneratedFields() {
    server.enqueue(json(200, PLAIN_ANSWER));
    provider.chat(
        ChatRequest.builder()
            .model("o3-mini")
            .user("hi")
            .maxTokens(100)
            .extraParam("max_completion_tokens", 5000)
            .extraParam("reasoning_effort", "low")
            .build(),
        call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        """
        {"model":"o3-mini","messages":[{"role":"user","content":"hi"}],
         "max_completion_tokens":5000,"reasoning_effort":"low"}
        """);
  }

  @Test
  void neverLetsExtraParamsDecideStreaming() {
    server.enqueue(json(200, PLAIN_ANSWER));
    provider.chat(
        ChatRequest.builder().model("gpt-4o").user("hi").extraParam("stream", true).build(),
        call());

    assertRequest(
        "/v1/chat/completions",
        "application/json",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @ParameterizedTest
  @CsvSource({
    "stop, STOP",
    "length, LENGTH",
    "tool_calls, TOOL_CALLS",
    "function_call, TOOL_CALLS",
    "content_filter, CONTENT_FILTER",
    "something_new, OTHER"
  })
  void mapsFinishReasons(String wire, FinishReason expected) {
    server.enqueue(
        json(
            200,
            PLAIN_ANSWER.replace(
                "\"finish_reason\": \"stop\"", "\"finish_reason\": \"" + wire + "\"")));
    assertThat(
            provider
                .chat(ChatRequest.builder().model("gpt-4o").user("hi").build(), call())
                .finishReason())
        .isEqualTo(expected);
  }

  @Test
  void returnsContentFilterFinishAsANormalResponse() {
    server.enqueue(
        json(
            200,
            """
            {"id":"chatcmpl-9xQ2","object":"chat.completion","created":1741569952,
             "model":"gpt-4o-2024-08-06","choices":[{"index":0,
               "message":{"role":"assistant","content":"I can","refusal":null},
               "logprobs":null,"finish_reason":"content_filter"}],
             "usage":{"prompt_tokens":12,"completion_tokens":2,"total_tokens":14}}
            """));
    ChatResponse response =
        provider.chat(ChatRequest.builder().model("gpt-4o").user("hi").build(), call());
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(response.text()).isEqualTo("I can");
    assertThat(response.usage()).isEqualTo(Usage.of(12, 2));
  }

  @Test
  void exposesARefusalAsSuchWithFinishReasonContentFilter() {
    // OpenAI sends a refusal with finish reason "stop" and the message in message.refusal.
    server.enqueue(
        json(
            200,
            """
            {"id":"chatcmpl-A1r3","object":"chat.completion","created":1741569952,
             "model":"gpt-4o-2024-08-06","choices":[{"index":0,
               "message":{"role":"assistant","content":null,
                          "refusal":"I'm sorry, I can't help with that.","annotations":[]},
               "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":20,"completion_tokens":10,"total_tokens":30,
               "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
               "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                 "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
             "service_tier":"default","system_fingerprint":"fp_f9f4fb6dbf"}
            """));

    ChatResponse response =
        provider.chat(ChatRequest.builder().model("gpt-4o").user("hi").build(), call());

    assertThat(response.refusal()).isEqualTo("I'm sorry, I can't help with that.");
    assertThat(response.refused()).isTrue();
    assertThat(response.text()).isEmpty();
    assertThat(response.content()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(response.usage()).isEqualTo(openAiUsage(20, 10, 0, 0));
  }

  @Test
  void anAnswerWithRefusalNullIsNoRefusal() {
    server.enqueue(
        json(
            200,
            """
            {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-4o",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Paris.",
               "refusal":null},"logprobs":null,"finish_reason":"stop"}]}
            """));

    ChatResponse response =
        provider.chat(ChatRequest.builder().model("gpt-4o").user("hi").build(), call());

    assertThat(response.refusal()).isNull();
    assertThat(response.text()).isEqualTo("Paris.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    // No usage object: nothing reported, which the client estimates instead of charging zero.
    assertThat(response.usage()).isEqualTo(Usage.NOT_REPORTED);
  }

  @Test
  void leavesMissingUsageDetailsUnreported() {
    server.enqueue(
        json(
            200,
            """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-3.5-turbo-0125",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hi"},
               "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":1,"total_tokens":10}}
            """));
    Usage usage =
        provider
            .chat(ChatRequest.builder().model("gpt-3.5-turbo").user("hi").build(), call())
            .usage();
    assertThat(usage).isEqualTo(Usage.of(9, 1));
    assertThat(usage.cachedReadInputTokens()).isZero();
    assertThat(usage.isReported(Usage.Count.CACHED_READ_INPUT)).isFalse();
    assertThat(usage.isReported(Usage.Count.REASONING)).isFalse();
  }

  @Test
  void isFoundThroughTheServiceLoaderAndDeclaresExactlyWhatItSupports() {
    // On the module path the tests run inside this module, which provides the service but does not
    // use it: let it use it, as a consumer does (on the class path this changes nothing).
    getClass().getModule().addUses(ProviderFactory.class);
    assertThat(ServiceLoader.load(ProviderFactory.class))
        .anySatisfy(f -> assertThat(f).isInstanceOf(OpenAiProviderFactory.class));
    assertThat(new OpenAiProviderFactory().type()).isEqualTo("openai");
    assertThat(provider.name()).isEqualTo("openai-main");
    assertThat(provider.capabilities())
        .isEqualTo(
            new Capabilities(true, true, true, true, true, true, true, true, true, true, true));
  }

  @Test
  void usesOpenAisBaseUrlByDefault() {
    var created =
        new OpenAiProviderFactory()
            .create(ProviderSettings.builder("openai", "openai").key(KEY).build());
    assertThat(created.toString()).contains("https://api.openai.com/v1").doesNotContain(API_KEY);
  }

  @Test
  void acceptsTheOpenAiProfileByName() {
    var created =
        new OpenAiProviderFactory()
            .create(
                ProviderSettings.builder("openai", "openai").profile("openai").key(KEY).build());
    assertThat(created.toString()).contains("profile openai");
  }

  @Test
  void rejectsUnknownProfilesListingTheKnownOnes() {
    assertThatThrownBy(
            () ->
                new OpenAiProviderFactory()
                    .create(
                        ProviderSettings.builder("claude", "openai").profile("anthropic").build()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Provider 'claude' has unknown profile 'anthropic'; known profiles: [azure-openai,"
                + " gemini, groq, mistral, ollama, openai, openai-compatible, openrouter, together,"
                + " vertex, vllm]");
  }
}
