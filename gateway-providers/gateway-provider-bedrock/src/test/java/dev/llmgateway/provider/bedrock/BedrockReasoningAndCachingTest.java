package dev.llmgateway.provider.bedrock;

import static dev.llmgateway.provider.bedrock.BedrockTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.SampleRequests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reasoning and prompt caching through the real AWS SDK against the test kit's Bedrock dialect: the
 * outgoing Converse request, reasoning read plain and streamed, and its exact replay.
 */
class BedrockReasoningAndCachingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeLlmServer server = FakeLlmServer.start();
  private final BedrockProvider provider = BedrockTestSupport.provider(server);

  @AfterEach
  void tearDown() {
    provider.close();
    server.close();
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sendsClaudeThinkingAndCachePointsAndReadsTheSignedReasoningBlock() {
    server.enqueue(
        FakeResponse.text("Paris.")
            .withReasoning("France's capital is Paris.")
            .withUsage(2048, 40, 1536, 0)
            .withCacheWriteTokens(256));

    ChatResponse answer =
        provider.chat(
            ChatRequest.builder()
                .model("claude-sonnet-4-5")
                .message(Message.system("A long, stable manual.").cacheable())
                .message(
                    Message.user("Capital of France?")
                        .cacheable(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR)))
                .tool(SampleRequests.WEATHER_TOOL)
                .cacheTools()
                .maxTokens(8_000)
                .reasoning(Reasoning.budget(2_048).withThoughts())
                .build(),
            call());

    JsonNode sent = server.takeRequest().bodyJson();
    assertThat(sent.get("system"))
        .isEqualTo(
            tree(
                "[{\"text\":\"A long, stable manual.\"},{\"cachePoint\":{\"type\":\"default\"}}]"));
    assertThat(sent.get("messages"))
        .isEqualTo(
            tree(
                """
                [{"role":"user","content":[{"text":"Capital of France?"},
                                           {"cachePoint":{"type":"default","ttl":"1h"}}]}]
                """));
    JsonNode tools = sent.get("toolConfig").get("tools");
    assertThat(tools.get(tools.size() - 1))
        .isEqualTo(tree("{\"cachePoint\":{\"type\":\"default\"}}"));
    assertThat(sent.get("additionalModelRequestFields"))
        .isEqualTo(tree("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}"));
    assertThat(sent.get("inferenceConfig").get("maxTokens").asInt()).isEqualTo(8_000);
    assertThat(answer.text()).isEqualTo("Paris.");
    assertThat(answer.reasoningText()).isEqualTo("France's capital is Paris.");
    assertThat(answer.reasoning().get(0).signature()).isNotBlank();
    assertThat(answer.usage().cachedReadInputTokens()).isEqualTo(1536);
    assertThat(answer.usage().cacheWriteInputTokens()).isEqualTo(256);
    assertThat(answer.usage().inputTokens()).isEqualTo(2048);
  }

  @ParameterizedTest
  @CsvSource({
    "anthropic.claude-3-7-sonnet-20250219-v1:0, HIGH,"
        + " '{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":32768}}', 36864",
    "us.anthropic.claude-opus-4-7, MEDIUM,"
        + " '{\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},"
        + "\"output_config\":{\"effort\":\"medium\"}}', -1",
    "us.amazon.nova-2-lite-v1:0, MINIMAL,"
        + " '{\"reasoningConfig\":{\"type\":\"enabled\",\"maxReasoningEffort\":\"low\"}}', -1",
  })
  void sendsEachModelFamilysReasoningFieldsWithoutAMaxTokensOfItsOwn(
      String model, ReasoningEffort effort, String fields, int maxTokens) {
    server.enqueue(FakeResponse.text("ok"));

    provider.chat(ChatRequest.builder().model(model).user("Hi").reasoning(effort).build(), call());

    JsonNode sent = server.takeRequest().bodyJson();
    assertThat(sent.get("additionalModelRequestFields")).isEqualTo(tree(fields));
    if (maxTokens < 0) {
      assertThat(sent.has("inferenceConfig")).isFalse();
    } else {
      assertThat(sent.get("inferenceConfig").get("maxTokens").asInt()).isEqualTo(maxTokens);
    }
  }

  @Test
  void sendsNoReasoningFieldsToAModelThatTakesNoneAndLetsExtraParamsWin() {
    server.enqueue(FakeResponse.text("ok"));
    server.enqueue(FakeResponse.text("ok"));

    provider.chat(
        ChatRequest.builder()
            .model("llama3-3-70b")
            .user("Hi")
            .reasoning(ReasoningEffort.LOW)
            .build(),
        call());
    provider.chat(
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("Hi")
            .maxTokens(9_000)
            .reasoning(ReasoningEffort.LOW)
            .extraParam("thinking", java.util.Map.of("type", "enabled", "budget_tokens", 1500))
            .build(),
        call());

    assertThat(server.takeRequest().bodyJson().has("additionalModelRequestFields")).isFalse();
    assertThat(server.takeRequest().bodyJson().get("additionalModelRequestFields"))
        .isEqualTo(tree("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1500}}"));
  }

  @Test
  void streamsReasoningTextAndSignatureApartFromTheTextAndReplaysThemExactly() {
    server.enqueue(
        FakeResponse.toolCall("tool_1", "get_weather", "{\"city\":\"Paris\"}")
            .withReasoning("I should look the weather up."));
    server.enqueue(FakeResponse.text("21 °C."));
    ChatRequest first =
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("Weather in Paris?")
            .tool(SampleRequests.WEATHER_TOOL)
            .maxTokens(8_000)
            .reasoning(ReasoningEffort.LOW)
            .build();
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    List<ChatChunk> chunks = new java.util.ArrayList<>();

    try (ChunkStream stream = provider.stream(first, call())) {
      for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
        chunks.add(chunk);
        assembler.add(chunk);
      }
    }
    ChatResponse whole = assembler.build("bedrock", "claude-haiku-4-5");
    ChatResponse next =
        provider.chat(
            first.toBuilder()
                .message(whole.toMessage())
                .message(Message.toolResult("tool_1", "{\"celsius\":21}"))
                .build(),
            call());

    assertThat(whole.reasoningText()).isEqualTo("I should look the weather up.");
    assertThat(whole.reasoning().get(0).signature()).isNotBlank();
    assertThat(whole.text()).isEmpty();
    assertThat(chunks).allSatisfy(c -> assertThat(c.text()).doesNotContain("weather up"));
    assertThat(next.text()).isEqualTo("21 °C.");
    server.takeRequest();
    JsonNode replayed = server.takeRequest().bodyJson().get("messages").get(1).get("content");
    assertThat(replayed.get(0).get("reasoningContent").get("reasoningText").get("text").asText())
        .isEqualTo("I should look the weather up.");
    assertThat(replayed.get(1).has("toolUse")).isTrue();
  }

  @Test
  void aModifiedReasoningBlockIsRefusedByTheServerAndARedactedOneIsSentAsBytes() {
    server.enqueue(FakeResponse.text("ok"));
    server.enqueue(FakeResponse.text("ok"));
    Message tampered =
        Message.assistant("Paris.")
            .withReasoning(List.of(ReasoningBlock.signed("edited", "c2lnbmF0dXJl")));
    Message redacted =
        Message.assistant("Paris.").withReasoning(List.of(ReasoningBlock.redacted("AQID")));

    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder()
                        .model("claude-haiku-4-5")
                        .user("Capital?")
                        .message(tampered)
                        .user("And Spain?")
                        .build(),
                    call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    provider.chat(
        ChatRequest.builder()
            .model("claude-haiku-4-5")
            .user("Capital?")
            .message(redacted)
            .user("And Spain?")
            .build(),
        call());

    server.takeRequest();
    assertThat(server.takeRequest().bodyJson().get("messages").get(1).get("content").get(0))
        .isEqualTo(tree("{\"reasoningContent\":{\"redactedContent\":\"AQID\"}}"));
  }

  @Test
  void declaresReasoningAndCachingPerModel() {
    assertThat(provider.capabilities("claude-sonnet-4-5").reasoning()).isTrue();
    assertThat(provider.capabilities("claude-sonnet-4-5").promptCaching()).isTrue();
    assertThat(provider.capabilities("claude-3-5-haiku").reasoning()).isFalse();
    assertThat(provider.capabilities("claude-3-5-haiku").promptCaching()).isTrue();
    assertThat(provider.capabilities("nova-pro").reasoning()).isFalse();
    assertThat(provider.capabilities("nova-pro").promptCaching()).isTrue();
    assertThat(provider.capabilities("us.amazon.nova-2-lite-v1:0").reasoning()).isTrue();
    assertThat(provider.capabilities("llama3-3-70b").promptCaching()).isFalse();
    assertThat(provider.capabilities("titan-embed-text-v2").embeddings()).isTrue();
    // Images come from the image models (Nova Canvas, Titan), never from a chat model.
    assertThat(provider.capabilities().images()).isTrue();
    assertThat(provider.capabilities("claude-sonnet-4-5").images()).isFalse();
    assertThat(provider.capabilities("nova-canvas").images()).isTrue();
    assertThat(provider.capabilities("nova-canvas").reasoning()).isFalse();
  }
}
