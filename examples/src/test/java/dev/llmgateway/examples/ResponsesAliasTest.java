package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import dev.llmgateway.testkit.SampleRequests;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Responses-only model behind an alias (endpoint mode AUTO picks the Responses API for it): plain
 * and streamed calls bring back text, tool calls and usage with reasoning and cached tokens, and a
 * stream that fails after the Responses preamble falls back to the alias's next target without the
 * caller seeing a chunk.
 */
class ResponsesAliasTest {
  private static final TargetRef CODEX = new TargetRef("openai", "gpt-5-codex");
  private static final TargetRef BACKUP = new TargetRef("backup", "gpt-4.1");

  private final FakeLlmServer server = FakeLlmServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private GatewayClient gateway() {
    return GatewayClient.builder()
        .provider(
            "openai", p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("k-1")))
        .provider(
            "backup", p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("k-2")))
        .retriesPerTarget(0)
        .seed(3)
        .alias(
            "coder",
            a ->
                a.target("openai", "gpt-5-codex", t -> t.endpointMode(EndpointMode.AUTO))
                    .target("backup", "gpt-4.1")
                    .strategy(RoutingStrategy.ordered()))
        .build();
  }

  @Test
  void aResponsesOnlyModelAnswersTextToolCallsAndUsageThroughTheAlias() {
    server.enqueue(
        "gpt-5-codex",
        FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")
            .withReasoning("The tool knows the weather.")
            .withUsage(1200, 80, 1024, 48));
    server.enqueue("gpt-5-codex", FakeResponse.text("It is sunny.").withUsage(1300, 20, 1024, 8));
    try (GatewayClient gateway = gateway()) {
      ChatRequest ask =
          ChatRequest.builder()
              .model("coder")
              .user("Weather in Paris?")
              .tool(SampleRequests.WEATHER_TOOL)
              .build();
      ChatResponse plain = gateway.chat(ask);
      assertThat(plain.route().target()).isEqualTo(CODEX);
      assertThat(plain.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
      assertThat(plain.usage().reasoningTokens()).isEqualTo(48);
      assertThat(plain.usage().cachedReadInputTokens()).isEqualTo(1024);
      assertThat(plain.text()).doesNotContain("The tool knows");

      StringBuilder text = new StringBuilder();
      ChatResponse streamed;
      try (ChatStream s = gateway.stream(ask)) {
        s.forEach(c -> text.append(c.text()));
        streamed = s.response();
      }
      assertThat(text.toString()).isEqualTo("It is sunny.");
      assertThat(streamed.usage().reasoningTokens()).isEqualTo(8);
      assertThat(streamed.usage().cachedReadInputTokens()).isEqualTo(1024);
    }
    List<RecordedCall> sent = server.requests();
    assertThat(sent).extracting(RecordedCall::path).containsOnly("/v1/responses");
  }

  @Test
  void aStreamThatFailsAfterThePreambleFallsBackToTheNextTarget() {
    server.enqueue(
        "gpt-5-codex",
        FakeResponse.text("never sent").failStreamAfter(2, "server_error", "overloaded"));
    server.enqueue("gpt-4.1", FakeResponse.text("From the backup."));
    StringBuilder text = new StringBuilder();
    ChatResponse whole;
    try (GatewayClient gateway = gateway();
        ChatStream stream =
            gateway.stream(ChatRequest.builder().model("coder").user("Reverse a string").build())) {
      stream.forEach(chunk -> text.append(chunk.text()));
      whole = stream.response();
    }
    assertThat(text.toString()).isEqualTo("From the backup.");
    assertThat(whole.route().attempts())
        .extracting(Attempt::target, Attempt::errorKind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CODEX, ErrorKind.UNAVAILABLE),
            org.assertj.core.groups.Tuple.tuple(BACKUP, null));
    assertThat(server.requests().get(0).path()).isEqualTo("/v1/responses");
    assertThat(server.requests().get(1).path()).isEqualTo("/v1/chat/completions");
  }
}
