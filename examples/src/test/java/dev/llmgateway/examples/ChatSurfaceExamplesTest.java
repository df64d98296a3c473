package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reasoning, prompt-caching and Responses examples through the whole client, against the fake
 * server's OpenAI, Responses, Anthropic and Bedrock wire formats.
 */
class ChatSurfaceExamplesTest {
  private final FakeLlmServer server = FakeLlmServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private GatewayClient client(String alias, String provider, String model, String type) {
    return GatewayClient.builder()
        .provider(provider, providerSpec(type))
        .alias(alias, a -> a.target(provider, model, t -> t.endpointMode(modeFor(type))))
        .build();
  }

  private static EndpointMode modeFor(String type) {
    return type.equals("responses") ? EndpointMode.RESPONSES : EndpointMode.CHAT;
  }

  private Consumer<dev.llmgateway.ProviderSpec> providerSpec(String type) {
    return switch (type) {
      case "anthropic" ->
          p -> p.type("anthropic").baseUrl(server.anthropicBaseUrl()).apiKey(Secret.of("k-1"));
      case "bedrock" ->
          p ->
              p.type("bedrock")
                  .baseUrl(server.bedrockEndpoint())
                  .option("region", "us-east-1")
                  .apiKey(Secret.of("AKIDEXAMPLE:test-secret"));
      default -> p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("k-1"));
    };
  }

  private void scriptToolTurnWithThinking() {
    server.enqueue(
        FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")
            .withReasoning("The user wants the weather; the tool has it.")
            .withUsage(40, 30, 0, 22));
    server.enqueue(FakeResponse.text("It is 21 °C in Paris."));
  }

  @Test
  void reasoningExampleRunsOnTheResponsesApiWithSummaryAndEncryptedReasoningSentBack() {
    scriptToolTurnWithThinking();
    try (GatewayClient gateway = client("thinker", "openai", "o4-mini", "responses")) {
      assertThat(ReasoningExample.askWithTool(gateway).text()).isEqualTo("It is 21 °C in Paris.");
    }

    JsonNode first = server.takeRequest().bodyJson();
    assertThat(first.get("reasoning").toString())
        .isEqualTo("{\"effort\":\"medium\",\"summary\":\"auto\"}");
    JsonNode input = server.takeRequest().bodyJson().get("input");
    assertThat(input.get(1).get("type").asText()).isEqualTo("reasoning");
    assertThat(input.get(1).get("encrypted_content").asText()).startsWith("gAAAAB");
    assertThat(input.get(2).get("type").asText()).isEqualTo("function_call");
    assertThat(input.get(3).get("type").asText()).isEqualTo("function_call_output");
  }

  @Test
  void reasoningExampleRunsOnAnthropicWithTheSignedThinkingBlockReplayed() {
    scriptToolTurnWithThinking();
    try (GatewayClient gateway = client("thinker", "claude", "claude-sonnet-4-5", "anthropic")) {
      assertThat(ReasoningExample.askWithTool(gateway).text()).isEqualTo("It is 21 °C in Paris.");
    }

    JsonNode first = server.takeRequest().bodyJson();
    assertThat(first.get("thinking").toString())
        .isEqualTo("{\"type\":\"enabled\",\"budget_tokens\":7999}");
    JsonNode assistant = server.takeRequest().bodyJson().get("messages").get(1);
    assertThat(assistant.get("content").get(0).get("type").asText()).isEqualTo("thinking");
    assertThat(assistant.get("content").get(0).get("thinking").asText())
        .isEqualTo("The user wants the weather; the tool has it.");
  }

  @Test
  void reasoningExampleRunsOnBedrockWithTheReasoningBlockReplayed() {
    scriptToolTurnWithThinking();
    try (GatewayClient gateway =
        client("thinker", "aws", "anthropic.claude-sonnet-4-5-20250929-v1:0", "bedrock")) {
      assertThat(ReasoningExample.askWithTool(gateway).text()).isEqualTo("It is 21 °C in Paris.");
    }

    assertThat(server.takeRequest().bodyJson().get("additionalModelRequestFields").toString())
        .isEqualTo("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":7999}}");
    JsonNode assistant = server.takeRequest().bodyJson().get("messages").get(1);
    assertThat(assistant.get("content").get(0).has("reasoningContent")).isTrue();
  }

  @Test
  void promptCachingExampleSendsEachProvidersCachingFormAndReportsCacheTokens() {
    FakeResponse cached =
        FakeResponse.text("Restart the router.")
            .withUsage(2048, 5, 1792, 0)
            .withCacheWriteTokens(256);
    server.respondByDefault(cached);
    ChatResponse openAi;
    ChatResponse anthropic;
    ChatResponse bedrock;
    try (GatewayClient gateway = client("support", "openai", "gpt-4.1-mini", "openai")) {
      openAi = PromptCachingExample.ask(gateway, "My internet is down.");
    }
    try (GatewayClient gateway = client("support", "claude", "claude-haiku-4-5", "anthropic")) {
      anthropic = PromptCachingExample.ask(gateway, "My internet is down.");
    }
    try (GatewayClient gateway = client("support", "aws", "claude-haiku-4-5", "bedrock")) {
      bedrock = PromptCachingExample.ask(gateway, "My internet is down.");
    }

    List<RecordedCall> sent = server.requests();
    assertThat(sent.get(0).bodyJson().get("prompt_cache_key").asText())
        .isEqualTo("acme-support-v3");
    assertThat(sent.get(1).bodyJson().get("system").get(0).get("cache_control").toString())
        .isEqualTo("{\"type\":\"ephemeral\"}");
    JsonNode tools = sent.get(1).bodyJson().get("tools");
    assertThat(tools.get(tools.size() - 1).get("cache_control").toString())
        .isEqualTo("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
    assertThat(sent.get(2).bodyJson().get("system").get(1).toString())
        .isEqualTo("{\"cachePoint\":{\"type\":\"default\"}}");
    assertThat(openAi.usage().cachedReadInputTokens()).isEqualTo(1792);
    assertThat(anthropic.usage().cacheWriteInputTokens()).isEqualTo(256);
    assertThat(bedrock.usage().cacheWriteInputTokens()).isEqualTo(256);
  }

  @Test
  void responsesExampleReachesAResponsesOnlyModelAndRecoversFromAFailureAfterThePreamble() {
    server.enqueue("gpt-5-codex", FakeResponse.text("s -> new StringBuilder(s).reverse()"));
    server.enqueue(
        "gpt-5-codex",
        FakeResponse.text("never sent").failStreamAfter(2, "server_error", "overloaded"));
    server.respondByDefault(FakeResponse.text("Use StringBuilder.reverse()."));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    ResponsesApiExample.run(
        server.baseUrl(), Secret.of("k-1"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("s -> new StringBuilder(s).reverse()").contains("Use StringBuilder");
    List<RecordedCall> sent = server.requests();
    assertThat(sent.get(0).path()).isEqualTo("/v1/responses");
    assertThat(sent.get(0).bodyJson().get("store").asBoolean()).isFalse();
    assertThat(sent.get(1).path()).isEqualTo("/v1/responses");
    assertThat(sent.get(1).stream()).isTrue();
    assertThat(sent).hasSizeGreaterThanOrEqualTo(3);
    assertThat(out)
        .as("the stream's content came only from the attempt that succeeded")
        .doesNotContain("never sent");
  }

  @Test
  void aStreamThatFailsAfterThePreambleIsRetriedWithoutTheCallerSeeingAChunk() {
    server.enqueue(
        "gpt-5-codex",
        FakeResponse.text("never sent").failStreamAfter(2, "server_error", "overloaded"));
    server.respondByDefault(FakeResponse.text("Recovered."));
    StringBuilder text = new StringBuilder();
    ChatResponse whole;
    try (GatewayClient gateway =
            GatewayClient.builder()
                .provider("openai", providerSpec("openai"))
                .alias(
                    "coder",
                    a -> a.target("openai", "gpt-5-codex", t -> t.endpointMode(EndpointMode.AUTO)))
                .build();
        dev.llmgateway.ChatStream stream =
            gateway.stream(
                dev.llmgateway.model.ChatRequest.builder().model("coder").user("hi").build())) {
      stream.forEach(chunk -> text.append(chunk.text()));
      whole = stream.response();
    }

    assertThat(text.toString()).isEqualTo("Recovered.");
    assertThat(whole.route().attempts()).hasSize(2);
    assertThat(whole.route().attempts().get(0).errorKind()).isEqualTo(ErrorKind.UNAVAILABLE);
  }
}
