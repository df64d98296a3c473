package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.spi.ChunkStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Extended thinking and prompt caching on the Messages API: the outgoing request for each model
 * generation, thinking blocks read plain and streamed, and their exact replay in a tool-use turn.
 */
class AnthropicThinkingAndCachingTest extends AnthropicTestSupport {

  static final ToolDefinition WEATHER =
      ToolDefinition.of(
          "get_weather",
          "Current weather for a city",
          Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));

  static final String SIGNATURE =
      "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds7J3c9D2gTDBbMeB9QZtUbN2R7xf5Tk1";

  /** A real-shaped answer with a thinking block, a redacted block, text and a tool call. */
  static final String THINKING_ANSWER =
      """
      {"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant",
       "model":"claude-sonnet-4-5-20250929",
       "content":[
         {"type":"thinking","thinking":"The user wants Paris weather. I should call the tool.",
          "signature":"%s"},
         {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
         {"type":"text","text":"Let me check."},
         {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
          "input":{"city":"Paris"}}],
       "stop_reason":"tool_use","stop_sequence":null,
       "usage":{"input_tokens":50,"cache_creation_input_tokens":1800,"cache_read_input_tokens":0,
                "output_tokens":240}}
      """
          .formatted(SIGNATURE);

  static ChatRequest.Builder cachedWeather(String model) {
    return ChatRequest.builder()
        .model(model)
        .message(Message.system("You are a weather bot with a very long manual.").cacheable())
        .user("Weather in Paris?")
        .tool(WEATHER)
        .cacheTools(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR));
  }

  @Test
  void sendsAManualBudgetToClaude45AndCacheMarkersOnSystemAndToolsAndReadsThinkingBlocks() {
    server.enqueue(json(200, THINKING_ANSWER));

    ChatResponse answer =
        provider.chat(
            cachedWeather("claude-sonnet-4-5-20250929")
                .reasoning(Reasoning.budget(8_000))
                .maxTokens(16_000)
                .build(),
            call());

    assertRequest(
        "application/json",
        """
        {"model":"claude-sonnet-4-5-20250929",
         "max_tokens":16000,
         "system":[{"type":"text","text":"You are a weather bot with a very long manual.",
                    "cache_control":{"type":"ephemeral"}}],
         "messages":[{"role":"user","content":"Weather in Paris?"}],
         "tools":[{"name":"get_weather","description":"Current weather for a city",
                   "input_schema":{"type":"object","properties":{"city":{"type":"string"}}},
                   "cache_control":{"type":"ephemeral","ttl":"1h"}}],
         "thinking":{"type":"enabled","budget_tokens":8000}}
        """);
    assertThat(answer.text()).isEqualTo("Let me check.");
    assertThat(answer.reasoningText())
        .isEqualTo("The user wants Paris weather. I should call the tool.");
    assertThat(answer.reasoning())
        .containsExactly(
            ReasoningBlock.signed(
                "The user wants Paris weather. I should call the tool.", SIGNATURE),
            ReasoningBlock.redacted(
                "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"));
    assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(answer.usage()).isEqualTo(anthropicUsage(1850, 240, 0, 1800));
  }

  @Test
  void replaysTheThinkingBlocksUnmodifiedBeforeTheToolUseOfTheAnsweredTurn() {
    server.enqueue(json(200, THINKING_ANSWER));
    ChatRequest first =
        ChatRequest.builder()
            .model("claude-sonnet-4-5-20250929")
            .user("Weather in Paris?")
            .tool(WEATHER)
            .reasoning(ReasoningEffort.LOW)
            .build();
    ChatResponse answer = provider.chat(first, call());
    takeRequest();
    server.enqueue(
        json(
            200,
            """
            {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"21 °C and clear."}],"stop_reason":"end_turn",
             "usage":{"input_tokens":400,"output_tokens":9}}
            """));

    ChatRequest followUp =
        first.toBuilder()
            .message(answer.toMessage())
            .message(Message.toolResult("toolu_01A09q90qw90lq917835lq9", "{\"celsius\":21}"))
            .build();
    assertThat(provider.chat(followUp, call()).text()).isEqualTo("21 °C and clear.");

    assertThat(tree(takeRequest().getBody().utf8()).get("messages"))
        .isEqualTo(
            tree(
                """
                [{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":[
                   {"type":"thinking",
                    "thinking":"The user wants Paris weather. I should call the tool.",
                    "signature":"%s"},
                   {"type":"redacted_thinking",
                    "data":"EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"},
                   {"type":"text","text":"Let me check."},
                   {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather",
                    "input":{"city":"Paris"}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_01A09q90qw90lq917835lq9",
                    "content":"{\\"celsius\\":21}"}]}]
                """
                    .formatted(SIGNATURE)));
  }

  @ParameterizedTest
  @CsvSource({
    // model, effort, expected thinking JSON, expected output_config JSON (or "-")
    "claude-3-7-sonnet-20250219, LOW, '{\"type\":\"enabled\",\"budget_tokens\":4096}', -",
    "claude-opus-4-1-20250805, MINIMAL, '{\"type\":\"enabled\",\"budget_tokens\":1024}', -",
    "claude-sonnet-4-6, HIGH, '{\"type\":\"adaptive\",\"display\":\"omitted\"}',"
        + " '{\"effort\":\"high\"}'",
    "claude-opus-4-7, MINIMAL, '{\"type\":\"adaptive\",\"display\":\"omitted\"}',"
        + " '{\"effort\":\"low\"}'",
    "claude-mythos-preview, MEDIUM, '{\"type\":\"adaptive\",\"display\":\"omitted\"}',"
        + " '{\"effort\":\"medium\"}'",
  })
  void mapsAnEffortToEachClaudeGenerationsThinkingForm(
      String model, ReasoningEffort effort, String thinking, String outputConfig) {
    server.enqueue(json(200, THINKING_ANSWER));

    provider.chat(
        ChatRequest.builder().model(model).user("Hi").maxTokens(40_000).reasoning(effort).build(),
        call());

    var body = tree(takeRequest().getBody().utf8());
    assertThat(body.get("thinking")).isEqualTo(tree(thinking));
    if (outputConfig.equals("-")) {
      assertThat(body.has("output_config")).isFalse();
    } else {
      assertThat(body.get("output_config")).isEqualTo(tree(outputConfig));
    }
    assertThat(body.get("max_tokens").asInt()).isEqualTo(40_000);
  }

  @Test
  void sendsABudgetAsTheEffortItStandsForToAdaptiveOnlyModelsAndAsksForSummarizedThoughts() {
    server.enqueue(json(200, THINKING_ANSWER));

    provider.chat(
        ChatRequest.builder()
            .model("claude-opus-4-7")
            .user("Hi")
            .reasoning(Reasoning.budget(20_000).withThoughts())
            .build(),
        call());

    var body = tree(takeRequest().getBody().utf8());
    assertThat(body.get("thinking"))
        .isEqualTo(tree("{\"type\":\"adaptive\",\"display\":\"summarized\"}"));
    assertThat(body.get("output_config")).isEqualTo(tree("{\"effort\":\"high\"}"));
    assertThat(body.get("max_tokens").asInt()).isEqualTo(16_384);
  }

  @Test
  void raisesTheDefaultMaxTokensAboveABudgetAndShrinksAnEffortsBudgetBelowAnExplicitOne() {
    server.enqueue(json(200, THINKING_ANSWER));
    server.enqueue(json(200, THINKING_ANSWER));

    provider.chat(
        ChatRequest.builder()
            .model("claude-sonnet-4-5")
            .user("Hi")
            .reasoning(ReasoningEffort.HIGH)
            .build(),
        call());
    provider.chat(
        ChatRequest.builder()
            .model("claude-sonnet-4-5")
            .user("Hi")
            .maxTokens(5_000)
            .reasoning(ReasoningEffort.HIGH)
            .build(),
        call());

    var raised = tree(takeRequest().getBody().utf8());
    assertThat(raised.get("max_tokens").asInt()).isEqualTo(32_768 + 16_384);
    assertThat(raised.get("thinking").get("budget_tokens").asInt()).isEqualTo(32_768);
    var shrunk = tree(takeRequest().getBody().utf8());
    assertThat(shrunk.get("max_tokens").asInt()).isEqualTo(5_000);
    assertThat(shrunk.get("thinking").get("budget_tokens").asInt()).isEqualTo(4_999);
  }

  @Test
  void refusesAMaxTokensThatLeavesNoRoomForTheSmallestBudget() {
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-sonnet-4-5")
            .user("Hi")
            .maxTokens(900)
            .reasoning(ReasoningEffort.LOW)
            .build();

    assertThatThrownBy(() -> provider.chat(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
              assertThat(e.getMessage()).contains("maxTokens").contains("1024");
            });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void marksTheLastBlockOfACacheableMessage() {
    server.enqueue(json(200, THINKING_ANSWER));

    provider.chat(
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .system("Short system.")
            .message(Message.user("A long document to keep cached.").cacheable())
            .user("Summarize it.")
            .build(),
        call());

    var body = tree(takeRequest().getBody().utf8());
    assertThat(body.get("system").asText()).isEqualTo("Short system.");
    assertThat(body.get("messages"))
        .isEqualTo(
            tree(
                """
                [{"role":"user","content":[
                   {"type":"text","text":"A long document to keep cached.",
                    "cache_control":{"type":"ephemeral"}},
                   {"type":"text","text":"Summarize it."}]}]
                """));
  }

  @Test
  void streamsThinkingAndSignatureDeltasAsReasoningNeverAsText() {
    server.enqueue(
        sse(
            event(
                    "message_start",
                    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01S\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
                        + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":0,"
                        + "\"cache_read_input_tokens\":1800,\"output_tokens\":1}}}")
                + event(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}")
                + event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"thinking_delta\",\"thinking\":\"Need the weather \"}}")
                + event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"thinking_delta\",\"thinking\":\"tool.\"}}")
                + event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"signature_delta\",\"signature\":\""
                        + SIGNATURE
                        + "\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}")
                + event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"Checking.\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + event(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\","
                        + "\"input\":{}}}")
                + event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":"
                        + "\\\"Paris\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}")
                + event(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":96}}")
                + event("message_stop", "{\"type\":\"message_stop\"}")));
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    List<ChatChunk> chunks;
    try (ChunkStream stream =
        provider.stream(
            cachedWeather("claude-sonnet-4-5-20250929").reasoning(ReasoningEffort.LOW).build(),
            call())) {
      chunks = drain(stream);
    }
    chunks.forEach(assembler::add);

    ChatResponse whole = assembler.build("claude-main", "claude-sonnet-4-5");
    assertThat(whole.text()).isEqualTo("Checking.");
    assertThat(whole.reasoning())
        .containsExactly(ReasoningBlock.signed("Need the weather tool.", SIGNATURE));
    assertThat(whole.toolCalls())
        .containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(whole.usage()).isEqualTo(anthropicUsage(1812, 96, 1800, 0));
    assertThat(chunks.stream().filter(c -> c.reasoning() != null).count()).isEqualTo(3);
    assertThat(chunks.stream().filter(c -> c.reasoning() != null).map(ChatChunk::text))
        .allMatch(String::isEmpty);
  }

  @Test
  void declaresReasoningForThinkingModelsAndPromptCachingForAll() {
    assertThat(provider.capabilities("claude-3-5-haiku-20241022").reasoning()).isFalse();
    assertThat(provider.capabilities("claude-3-7-sonnet-20250219").reasoning()).isTrue();
    assertThat(provider.capabilities("claude-haiku-4-5").reasoning()).isTrue();
    assertThat(provider.capabilities("claude-3-5-haiku-20241022").promptCaching()).isTrue();
    assertThat(provider.capabilities().images()).isFalse();
    assertThat(ClaudeThinking.form("claude-sonnet-4-20250514"))
        .isEqualTo(ClaudeThinking.Form.MANUAL);
    assertThat(ClaudeThinking.form("us.anthropic.claude-sonnet-4-6"))
        .isEqualTo(ClaudeThinking.Form.ADAPTIVE_OR_MANUAL);
    assertThat(ClaudeThinking.form("claude-sonnet-5")).isEqualTo(ClaudeThinking.Form.ADAPTIVE);
  }

  @Test
  void refusesAPreviousResponseId() {
    ChatRequest request =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("hi")
            .previousResponseId("resp_1")
            .build();

    assertThatThrownBy(() -> provider.chat(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.getMessage()).contains("previousResponseId"));
  }
}
