package dev.llmgateway.provider.bedrock;

import static dev.llmgateway.provider.bedrock.BedrockTestSupport.call;
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
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.SampleRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BedrockStreamTest {
  private static final ChatRequest HELLO =
      ChatRequest.builder().model("nova-pro").user("hello").build();

  private final FakeLlmServer server = FakeLlmServer.start();
  private final BedrockProvider provider = BedrockTestSupport.provider(server);

  @AfterEach
  void tearDown() {
    provider.close();
    server.close();
  }

  private static List<ChatChunk> drain(ChunkStream stream) {
    List<ChatChunk> chunks = new ArrayList<>();
    for (ChatChunk chunk = stream.next(); chunk != null; chunk = stream.next()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  private static ChatResponse assemble(List<ChatChunk> chunks) {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    return assembler.build("bedrock", "nova-pro");
  }

  @Test
  void streamedTextArrivesAsDeltasThroughTheSdk() {
    server.enqueue(FakeResponse.text("one two three"));

    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(HELLO, call())) {
      chunks = drain(stream);
    }

    assertThat(chunks).extracting(ChatChunk::text).startsWith("one", " two", " three");
    assertThat(assemble(chunks).text()).isEqualTo("one two three");
    assertThat(assemble(chunks).finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(server.takeRequest().path())
        .isEqualTo("/model/amazon.nova-pro-v1%3A0/converse-stream");
  }

  @Test
  void firstChunkArrivesBeforeTheGateIsReleased() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(FakeResponse.text("one two three").pauseStreamAfter(2, gate));

    try (ChunkStream stream = provider.stream(HELLO, call())) {
      CompletableFuture<ChatChunk> first = CompletableFuture.supplyAsync(stream::next);
      assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("one");
      gate.countDown();
      assertThat(drain(stream)).extracting(ChatChunk::text).startsWith(" two", " three");
    }
  }

  @Test
  void streamedToolUseFragmentsReassembleIntoToolCalls() {
    server.enqueue(
        FakeResponse.toolCall("tool_1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}")
            .withToolCall("tool_2", "get_weather", "{\"city\":\"Rome\"}"));

    List<ChatChunk> chunks;
    try (ChunkStream stream =
        provider.stream(SampleRequests.conversationWithToolAndImage("claude-haiku-4-5"), call())) {
      chunks = drain(stream);
    }

    assertThat(chunks.get(0).toolCalls().get(0).id()).isEqualTo("tool_1");
    assertThat(chunks.stream().filter(c -> !c.toolCalls().isEmpty()).count()).isGreaterThan(4);
    ChatResponse whole = assemble(chunks);
    assertThat(whole.toolCalls())
        .containsExactly(
            new ToolCall("tool_1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
            new ToolCall("tool_2", "get_weather", "{\"city\":\"Rome\"}"));
    assertThat(whole.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void usageWithCacheTokensArrivesOnTheLastChunkWithTheFinishReason() {
    server.enqueue(FakeResponse.text("cached").withUsage(50, 3, 20, 0).withCacheWriteTokens(25));

    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(HELLO, call())) {
      chunks = drain(stream);
    }

    ChatChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(last.usage()).isNotNull();
    assertThat(last.usage().inputTokens()).isEqualTo(50);
    assertThat(last.usage().cachedReadInputTokens()).isEqualTo(20);
    assertThat(last.usage().cacheWriteInputTokens()).isEqualTo(25);
    assertThat(last.usage().outputTokens()).isEqualTo(3);
    assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(c -> c.usage() == null);
  }

  @Test
  void throttlingBeforeTheStreamOpensIsRateLimited() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(3)));

    assertThatThrownBy(() -> provider.stream(HELLO, call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.httpStatus()).hasValue(429);
              assertThat(e.providerCode()).hasValue("ThrottlingException");
              assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(3));
            });
  }

  @Test
  void midStreamExceptionEventFailsNextWithTheMappedKind() {
    server.enqueue(
        FakeResponse.text("one two three")
            .failStreamAfter(2, "ModelStreamErrorException", "The model stream failed"));

    try (ChunkStream stream = provider.stream(HELLO, call())) {
      assertThat(stream.next().text()).isEqualTo("one");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.providerCode()).hasValue("ModelStreamErrorException");
              })
          .hasMessageContaining("The model stream failed");
      assertThatThrownBy(stream::next).isInstanceOf(ProviderException.class);
    }
  }

  @Test
  void midStreamThrottlingEventIsRateLimited() {
    server.enqueue(FakeResponse.text("one two").failStreamAfter(1, "ThrottlingException", "Slow"));

    try (ChunkStream stream = provider.stream(HELLO, call())) {
      assertThatThrownBy(() -> drain(stream))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    }
  }

  @Test
  void truncatedStreamWithoutMessageStopIsAnError() {
    server.enqueue(FakeResponse.text("one two three").truncateAfter(3));

    try (ChunkStream stream = provider.stream(HELLO, call())) {
      assertThatThrownBy(() -> drain(stream))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isIn(ErrorKind.MALFORMED_RESPONSE, ErrorKind.NETWORK));
    }
  }

  @Test
  void droppedConnectionIsAnError() {
    server.enqueue(FakeResponse.text("one two three").dropConnectionAfter(2));

    try (ChunkStream stream = provider.stream(HELLO, call())) {
      assertThatThrownBy(() -> drain(stream)).isInstanceOf(ProviderException.class);
    }
  }

  @Test
  void stalledStreamTimesOutWithinTheDeadline() {
    server.enqueue(FakeResponse.text("one two three").stall());
    Duration timeout = Duration.ofMillis(500);
    long start = System.nanoTime();

    // The SDK may not report the response as opened before the stall, so the deadline may end
    // either the opening or the reading; either way it is a TIMEOUT within the deadline.
    assertThatThrownBy(
            () -> {
              try (ChunkStream stream = provider.stream(HELLO, call(timeout))) {
                drain(stream);
              }
            })
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void cancellationEndsABlockedNextPromptly() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(FakeResponse.text("one two three").pauseStreamAfter(2, gate));
    Cancellation cancellation = new Cancellation();

    try (ChunkStream stream =
        provider.stream(HELLO, BedrockTestSupport.call(Duration.ofSeconds(30), cancellation))) {
      assertThat(stream.next().text()).isEqualTo("one");
      CompletableFuture<ChatChunk> blocked = CompletableFuture.supplyAsync(stream::next);
      cancellation.cancel();
      assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(ProviderException.class);
    } finally {
      gate.countDown();
    }
  }

  @Test
  void closeIsIdempotentAndLaterNextFails() {
    ChunkStream stream = provider.stream(HELLO, call());
    stream.close();
    stream.close();

    assertThatThrownBy(stream::next)
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK))
        .hasMessageContaining("closed by the caller");
  }
}
