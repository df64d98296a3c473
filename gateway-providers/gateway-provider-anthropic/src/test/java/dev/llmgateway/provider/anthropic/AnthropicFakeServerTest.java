package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import dev.llmgateway.testkit.SampleRequests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real provider against the test kit's Anthropic dialect. */
class AnthropicFakeServerTest {
  private static final ProviderKey KEY = ProviderKey.of("primary", Secret.of("test-key-123"));

  private final FakeLlmServer server = FakeLlmServer.start();
  private final Provider provider =
      new AnthropicProviderFactory()
          .create(
              ProviderSettings.builder("claude", "anthropic")
                  .baseUrl(server.anthropicBaseUrl())
                  .key(KEY)
                  .build());

  @AfterEach
  void tearDown() {
    provider.close();
    server.close();
  }

  private static ProviderCall call() {
    return new ProviderCall(KEY, Duration.ofSeconds(10), new Cancellation(), Map.of(), null);
  }

  @Test
  void plainChatEchoesTheLastUserText() {
    ChatResponse response =
        provider.chat(SampleRequests.conversationWithToolAndImage("claude-haiku-4-5"), call());

    assertThat(response.text()).isEqualTo("Echo: And what is in this picture?");
    assertThat(response.id()).isEqualTo("msg_fake0000000000000001");
    assertThat(response.model()).isEqualTo("claude-haiku-4-5");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    RecordedCall recorded = server.takeRequest();
    assertThat(recorded.path()).isEqualTo("/v1/messages");
    assertThat(recorded.header("x-api-key")).isEqualTo("test-key-123");
    assertThat(recorded.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(recorded.stream()).isFalse();
  }

  @Test
  void plainChatReadsToolCallsAndCachedTokens() {
    server.enqueue(
        FakeResponse.toolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}")
            .withUsage(2048, 30, 1920, 0));

    ChatResponse response =
        provider.chat(SampleRequests.conversationWithToolAndImage("claude-haiku-4-5"), call());

    assertThat(response.toolCalls())
        .containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.usage()).isEqualTo(AnthropicTestSupport.anthropicUsage(2048, 30, 1920, 0));
  }

  @Test
  void streamedChatKeepsCachedTokensOnTheLastChunk() {
    server.enqueue(
        FakeResponse.text("Paris is the capital.")
            .withToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}")
            .withUsage(2048, 12, 1920, 0));
    ChatRequest request = ChatRequest.builder().model("claude-haiku-4-5").user("Hi").build();

    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request, call())) {
      chunks = AnthropicTestSupport.drain(stream);
    }

    Usage expected = AnthropicTestSupport.anthropicUsage(2048, 12, 1920, 0);
    assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(expected);
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("claude", "claude-haiku-4-5");
    assertThat(whole.text()).isEqualTo("Paris is the capital.");
    assertThat(whole.toolCalls())
        .containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(whole.usage()).isEqualTo(expected);
    assertThat(server.takeRequest().stream()).isTrue();
  }

  @Test
  void aTruncatedFakeStreamIsReportedAsTruncated() {
    server.enqueue(FakeResponse.text("one two three").truncateAfter(2));
    ChatRequest request = ChatRequest.builder().model("claude-haiku-4-5").user("Hi").build();

    try (ChunkStream stream = provider.stream(request, call())) {
      assertThatThrownBy(() -> AnthropicTestSupport.drain(stream))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE));
    }
  }

  @Test
  void fakeErrorsMapLikeRealOnes() {
    server.enqueue(FakeResponse.error(529, "overloaded_error", null, "Overloaded"));
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(3)));
    ChatRequest request = ChatRequest.builder().model("claude-haiku-4-5").user("Hi").build();

    assertThatThrownBy(() -> provider.chat(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    assertThatThrownBy(() -> provider.stream(request, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(3));
            });
  }
}
