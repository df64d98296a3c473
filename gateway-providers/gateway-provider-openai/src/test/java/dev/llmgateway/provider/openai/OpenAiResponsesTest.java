package dev.llmgateway.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.ProviderCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * The RESPONSES endpoint mode against real-shaped Responses API transcripts: the outgoing request
 * and every part of the answer, plain and streamed.
 */
class OpenAiResponsesTest extends OpenAiTestSupport {

  static final ToolDefinition WEATHER =
      ToolDefinition.of(
          "get_weather",
          "Current weather for a city",
          Map.of(
              "type",
              "object",
              "properties",
              Map.of("city", Map.of("type", "string")),
              "required",
              List.of("city")));

  static final String REQUEST_JSON =
      """
      {"model":"gpt-5-codex",
       "input":[
         {"type":"message","role":"system","content":"Use the tools."},
         {"type":"message","role":"user","content":"Weather in Paris?"}],
       "max_output_tokens":600,
       "tools":[{"type":"function","name":"get_weather","description":"Current weather for a city",
                 "parameters":{"type":"object","properties":{"city":{"type":"string"}},
                               "required":["city"]},
                 "strict":false}],
       "tool_choice":"auto",
       "reasoning":{"effort":"high","summary":"auto"},
       "include":["reasoning.encrypted_content"],
       "store":false,
       "prompt_cache_key":"weather-bot",
       "user":"user-7"}
      """;

  static ProviderCall responses() {
    return call().withEndpointMode(EndpointMode.RESPONSES);
  }

  static ChatRequest weatherRequest() {
    return ChatRequest.builder()
        .model("gpt-5-codex")
        .system("Use the tools.")
        .user("Weather in Paris?")
        .tool(WEATHER)
        .toolChoice(ToolChoice.AUTO)
        .maxTokens(600)
        .reasoning(Reasoning.effort(ReasoningEffort.HIGH).withThoughts())
        .promptCacheKey("weather-bot")
        .endUser("user-7")
        .build();
  }

  static String resource(String name) {
    try (InputStream in = OpenAiResponsesTest.class.getResourceAsStream("/responses/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final ReasoningBlock REASONING =
      new ReasoningBlock(
          "**Planning the lookup**\n\nI need the weather tool.",
          null,
          null,
          "rs_68a1f0c3a1b48190a2b3",
          "gAAAAABoofDEenc-blob-1");

  @Test
  void sendsAStatelessResponsesRequestAndReadsTextToolCallReasoningAndUsage() {
    server.enqueue(json(200, resource("plain-reasoning-text-tool.json")));

    ChatResponse answer = provider.chat(weatherRequest(), responses());

    assertRequest("/v1/responses", "application/json", REQUEST_JSON);
    assertThat(answer.id()).isEqualTo("resp_68a1f0c2d9e08190b5a4c2ee0f1b2c3d");
    assertThat(answer.model()).isEqualTo("gpt-5-codex");
    assertThat(answer.text()).isEqualTo("Let me check.");
    assertThat(answer.toolCalls())
        .containsExactly(new ToolCall("call_Wx2VZq6kTt1F", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.reasoning()).containsExactly(REASONING);
    assertThat(answer.reasoningText()).doesNotContain("Let me check.");
    assertThat(answer.usage()).isEqualTo(openAiUsage(2048, 300, 1920, 128));
  }

  @Test
  void streamsTextToolCallArgumentsReasoningAndUsageFromARealShapedTranscript() {
    server.enqueue(sse(resource("stream-reasoning-text-tool.sse")));
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    List<ChatChunk> chunks = new ArrayList<>();

    try (ChunkStream stream = provider.stream(weatherRequest(), responses())) {
      for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
        chunks.add(chunk);
        assembler.add(chunk);
      }
    }

    RecordedRequest sent = takeRequest();
    assertThat(sent.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(tree(sent.getBody().utf8()).get("stream").asBoolean()).isTrue();
    ChatResponse whole = assembler.build("openai-main", "gpt-5-codex");
    assertThat(whole.id()).isEqualTo("resp_68a1f0c2d9e08190b5a4c2ee0f1b2c3d");
    assertThat(whole.text()).isEqualTo("Let me check.");
    assertThat(whole.toolCalls())
        .containsExactly(new ToolCall("call_Wx2VZq6kTt1F", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(whole.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(whole.reasoning()).containsExactly(REASONING);
    assertThat(whole.usage()).isEqualTo(openAiUsage(2048, 300, 1920, 128));
    assertThat(chunks.stream().filter(c -> !c.toolCalls().isEmpty()).count())
        .as("the call's id and name, then two argument fragments")
        .isEqualTo(3);
    assertThat(chunks.stream().map(ChatChunk::text).toList()).contains("Let me", " check.");
    assertThat(chunks.get(0).hasContent()).as("the preamble carries no content").isFalse();
    assertThat(chunks.get(chunks.size() - 1).usage()).isNotNull();
  }

  @Test
  void failsTheStreamCallItselfWhenTheResponseFailsAfterItsPreamble() {
    server.enqueue(sse(resource("stream-failed-after-preamble.sse")));
    ChatRequest request = ChatRequest.builder().model("o3-pro").user("Prove it.").build();

    assertThatThrownBy(() -> provider.stream(request, responses()))
        .as("stream() fails before handing out any chunk, so the gateway can still fall back")
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
              assertThat(e.providerCode()).contains("server_error");
              assertThat(e.getMessage()).contains("The model failed to generate a response");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void mapsAnErrorEventAfterContentToAFailedReadNotASilentEnd() {
    server.enqueue(
        sse(
            """
            event: response.created
            data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","model":"gpt-5-pro","output":[]}}

            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Partial"}

            event: error
            data: {"type":"error","sequence_number":2,"code":"rate_limit_exceeded","message":"Rate limit reached for gpt-5-pro","param":null}

            """));
    ChatRequest request = ChatRequest.builder().model("gpt-5-pro").user("hi").build();

    try (ChunkStream stream = provider.stream(request, responses())) {
      assertThat(stream.next().id()).isEqualTo("resp_1");
      assertThat(stream.next().text()).isEqualTo("Partial");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    }
  }

  @Test
  void reportsAnAnswerCutAtMaxOutputTokensAsLengthPlainAndStreamed() {
    String incomplete =
        """
        {"id":"resp_2","object":"response","status":"incomplete",
         "incomplete_details":{"reason":"max_output_tokens"},"model":"o3-pro",
         "output":[{"id":"msg_2","type":"message","status":"incomplete","role":"assistant",
                    "content":[{"type":"output_text","annotations":[],"text":"A circuit"}]}],
         "usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":0},
                  "output_tokens":16,"output_tokens_details":{"reasoning_tokens":14},
                  "total_tokens":26}}
        """;
    server.enqueue(json(200, incomplete));
    server.enqueue(
        sse(
            "event: response.output_text.delta\n"
                + "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_2\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"A circuit\"}\n\n"
                + "event: response.incomplete\n"
                + "data: {\"type\":\"response.incomplete\",\"response\":"
                + incomplete.replace("\n", "")
                + "}\n\n"));
    ChatRequest request =
        ChatRequest.builder().model("o3-pro").user("Explain.").maxTokens(16).build();

    ChatResponse plain = provider.chat(request, responses());
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    try (ChunkStream stream = provider.stream(request, responses())) {
      for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
        assembler.add(chunk);
      }
    }

    assertThat(plain.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(plain.text()).isEqualTo("A circuit");
    assertThat(plain.usage().reasoningTokens()).isEqualTo(14);
    ChatResponse streamed = assembler.build("openai-main", "o3-pro");
    assertThat(streamed.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(streamed.text()).isEqualTo("A circuit");
    assertThat(tree(takeRequest().getBody().utf8()).get("max_output_tokens").asInt()).isEqualTo(16);
  }

  @Test
  void readsARefusalPartAsARefusalNeverAsText() {
    server.enqueue(
        json(
            200,
            """
            {"id":"resp_3","object":"response","status":"completed","model":"gpt-5-pro",
             "output":[{"id":"msg_3","type":"message","status":"completed","role":"assistant",
                        "content":[{"type":"refusal","refusal":"I can't help with that."}]}],
             "usage":{"input_tokens":9,"output_tokens":7}}
            """));

    ChatResponse answer =
        provider.chat(ChatRequest.builder().model("gpt-5-pro").user("?").build(), responses());

    assertThat(answer.text()).isEmpty();
    assertThat(answer.refusal()).isEqualTo("I can't help with that.");
    assertThat(answer.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void sendsTheConversationBackWithEncryptedReasoningToolCallAndToolOutput() {
    server.enqueue(json(200, resource("plain-reasoning-text-tool.json")));
    ChatResponse first = provider.chat(weatherRequest(), responses());
    takeRequest();
    server.enqueue(
        json(
            200,
            """
            {"id":"resp_4","object":"response","status":"completed","model":"gpt-5-codex",
             "output":[{"id":"msg_4","type":"message","status":"completed","role":"assistant",
                        "content":[{"type":"output_text","annotations":[],"text":"21 °C."}]}],
             "usage":{"input_tokens":2100,"output_tokens":5}}
            """));
    ChatRequest followUp =
        weatherRequest().toBuilder()
            .message(first.toMessage())
            .message(Message.toolResult("call_Wx2VZq6kTt1F", "{\"celsius\":21}"))
            .build();

    assertThat(provider.chat(followUp, responses()).text()).isEqualTo("21 °C.");

    assertThat(tree(takeRequest().getBody().utf8()).get("input"))
        .isEqualTo(
            tree(
                """
                [{"type":"message","role":"system","content":"Use the tools."},
                 {"type":"message","role":"user","content":"Weather in Paris?"},
                 {"type":"reasoning","id":"rs_68a1f0c3a1b48190a2b3",
                  "summary":[{"type":"summary_text",
                              "text":"**Planning the lookup**\\n\\nI need the weather tool."}],
                  "encrypted_content":"gAAAAABoofDEenc-blob-1"},
                 {"type":"message","role":"assistant","content":"Let me check."},
                 {"type":"function_call","call_id":"call_Wx2VZq6kTt1F","name":"get_weather",
                  "arguments":"{\\"city\\":\\"Paris\\"}"},
                 {"type":"function_call_output","call_id":"call_Wx2VZq6kTt1F",
                  "output":"{\\"celsius\\":21}"}]
                """));
  }

  @Test
  void continuesAStoredResponseWithPreviousResponseIdAndAJsonSchemaFormat() {
    server.enqueue(
        json(
            200,
            """
            {"id":"resp_6","object":"response","status":"completed","model":"gpt-5",
             "output":[{"id":"msg_6","type":"message","status":"completed","role":"assistant",
                        "content":[{"type":"output_text","annotations":[],"text":"{\\"ok\\":true}"}]}],
             "usage":{"input_tokens":40,"output_tokens":4}}
            """));
    ChatRequest request =
        ChatRequest.builder()
            .model("gpt-5")
            .user("And now?")
            .previousResponseId("resp_5")
            .store(true)
            .reasoning(Reasoning.budget(3_000))
            .responseFormat(ResponseFormat.jsonSchema("verdict", Map.of("type", "object")))
            .build();

    assertThat(provider.chat(request, responses()).text()).isEqualTo("{\"ok\":true}");

    assertRequest(
        "/v1/responses",
        "application/json",
        """
        {"model":"gpt-5",
         "input":[{"type":"message","role":"user","content":"And now?"}],
         "text":{"format":{"type":"json_schema","name":"verdict","schema":{"type":"object"},
                           "strict":true}},
         "reasoning":{"effort":"low"},
         "store":true,
         "previous_response_id":"resp_5"}
        """);
  }

  @Test
  void refusesStopSequencesWhichTheResponsesEndpointLacks() {
    ChatRequest request = ChatRequest.builder().model("gpt-5").user("hi").stop("END").build();

    assertThatThrownBy(() -> provider.chat(request, responses()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("stop");
            });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void mapsAnHttpErrorOfTheResponsesEndpoint() {
    server.enqueue(
        json(
            429,
            """
            {"error":{"message":"Rate limit reached for o3-pro","type":"requests",
                      "param":null,"code":"rate_limit_exceeded"}}
            """));

    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder().model("o3-pro").user("hi").build(), responses()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
  }

  @Test
  void autoSendsResponsesOnlyModelsToTheResponsesEndpoint() {
    server.enqueue(json(200, resource("plain-reasoning-text-tool.json")));

    provider.chat(weatherRequest(), call().withEndpointMode(EndpointMode.AUTO));

    assertThat(takeRequest().getUrl().encodedPath()).isEqualTo("/v1/responses");
  }

  @Test
  void autoMovesToResponsesWhenChatSaysTheModelIsServedOnlyThereAndRemembersIt() {
    String onlyResponses =
        """
        {"error":{"message":"This model is only supported in v1/responses and not in \
        v1/chat/completions.","type":"invalid_request_error","param":"model",
        "code":null}}
        """;
    String answer =
        """
        {"id":"resp_7","object":"response","status":"completed","model":"gpt-9-lab",
         "output":[{"id":"msg_7","type":"message","status":"completed","role":"assistant",
                    "content":[{"type":"output_text","annotations":[],"text":"Hi."}]}],
         "usage":{"input_tokens":3,"output_tokens":2}}
        """;
    server.enqueue(json(400, onlyResponses));
    server.enqueue(json(200, answer));
    server.enqueue(json(200, answer));
    ChatRequest request = ChatRequest.builder().model("gpt-9-lab").user("hi").build();
    ProviderCall auto = call().withEndpointMode(EndpointMode.AUTO);

    assertThat(provider.chat(request, auto).text()).isEqualTo("Hi.");
    assertThat(provider.chat(request, auto).text()).isEqualTo("Hi.");

    assertThat(takeRequest().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(takeRequest().getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(takeRequest().getUrl().encodedPath())
        .as("the second call goes straight to the Responses endpoint")
        .isEqualTo("/v1/responses");
  }

  @Test
  void refusesAPreviousResponseIdOutsideTheResponsesEndpoint() {
    ChatRequest request =
        ChatRequest.builder().model("gpt-4o").user("hi").previousResponseId("resp_1").build();

    assertThatThrownBy(() -> provider.chat(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("previousResponseId");
            });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void knowsWhichModelsAreServedOnlyByTheResponsesEndpoint() {
    assertThat(OpenAiModels.responsesOnly("gpt-5-codex")).isTrue();
    assertThat(OpenAiModels.responsesOnly("gpt-5.1-codex-max")).isTrue();
    assertThat(OpenAiModels.responsesOnly("codex-mini-latest")).isTrue();
    assertThat(OpenAiModels.responsesOnly("o3-pro")).isTrue();
    assertThat(OpenAiModels.responsesOnly("o1-pro-2025-03-19")).isTrue();
    assertThat(OpenAiModels.responsesOnly("gpt-5-pro")).isTrue();
    assertThat(OpenAiModels.responsesOnly("gpt-5.2-pro")).isTrue();
    assertThat(OpenAiModels.responsesOnly("o3-deep-research")).isTrue();
    assertThat(OpenAiModels.responsesOnly("gpt-5")).isFalse();
    assertThat(OpenAiModels.responsesOnly("gpt-5-mini")).isFalse();
    assertThat(OpenAiModels.responsesOnly("o3")).isFalse();
    assertThat(OpenAiModels.responsesOnly("gpt-4o")).isFalse();
    assertThat(OpenAiModels.responsesOnly("gpt-5-process-bot")).isFalse();
  }
}
