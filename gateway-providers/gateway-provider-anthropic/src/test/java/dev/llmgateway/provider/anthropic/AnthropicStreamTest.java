package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolCallDelta;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.testkit.ScriptedResponseBody;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

class AnthropicStreamTest extends AnthropicTestSupport {

  static String messageStart(String usage) {
    return event(
        "message_start",
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5-20251001\","
            + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
            + usage
            + "}}");
  }

  static final String START =
      messageStart(
          "{\"input_tokens\":472,\"cache_creation_input_tokens\":0,"
              + "\"cache_read_input_tokens\":0,\"output_tokens\":2,\"service_tier\":\"standard\"}");

  static final String TEXT_BLOCK_START =
      event(
          "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":0,"
              + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");

  static final String PING = event("ping", "{\"type\": \"ping\"}");

  static String text(int index, String text) {
    return event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":"
            + index
            + ",\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + text
            + "\"}}");
  }

  static String partialJson(int index, String partial) {
    return event(
        "content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":"
            + index
            + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\""
            + partial
            + "\"}}");
  }

  static String toolStart(int index, String id, String name) {
    return event(
        "content_block_start",
        "{\"type\":\"content_block_start\",\"index\":"
            + index
            + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\""
            + id
            + "\",\"name\":\""
            + name
            + "\",\"input\":{}}}");
  }

  static String blockStop(int index) {
    return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  static String messageDelta(String stopReason, String usage) {
    return event(
        "message_delta",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
            + stopReason
            + "\",\"stop_sequence\":null},\"usage\":"
            + usage
            + "}");
  }

  static final String STOP = event("message_stop", "{\"type\":\"message_stop\"}");

  static final String TEXT_STREAM =
      START
          + TEXT_BLOCK_START
          + PING
          + text(0, "Hello")
          + text(0, " there")
          + blockStop(0)
          + messageDelta("end_turn", "{\"output_tokens\":15}")
          + STOP;

  static ChatRequest request() {
    return ChatRequest.builder().model("claude-haiku-4-5").user("Say hello").maxTokens(64).build();
  }

  @Test
  void streamsTextWithUsageOnTheFinishChunk() {
    server.enqueue(sse(TEXT_STREAM));
    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request(), call())) {
      chunks = drain(stream);
      assertThat(stream.next()).isNull();
    }

    assertRequest(
        "text/event-stream",
        """
        {"model": "claude-haiku-4-5", "max_tokens": 64,
         "messages": [{"role": "user", "content": "Say hello"}], "stream": true}
        """);
    assertThat(chunks).extracting(ChatChunk::text).containsExactly("", "Hello", " there", "");
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.id()).isEqualTo("msg_014p7gG3wDgGV9EUtLvnow3U");
              assertThat(c.model()).isEqualTo("claude-haiku-4-5-20251001");
            });
    assertThat(chunks.subList(0, 3)).allSatisfy(c -> assertThat(c.usage()).isNull());
    assertThat(chunks.get(3).finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(chunks.get(3).usage()).isEqualTo(anthropicUsage(472, 15, 0, 0));

    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("claude-main", "claude-haiku-4-5");
    assertThat(whole.id()).isEqualTo("msg_014p7gG3wDgGV9EUtLvnow3U");
    assertThat(whole.text()).isEqualTo("Hello there");
    assertThat(whole.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void keepsCacheReadAndWriteTokensFromMessageStartInTheFinalUsage() {
    server.enqueue(
        sse(
            messageStart(
                    "{\"input_tokens\":21,\"cache_creation_input_tokens\":188,"
                        + "\"cache_read_input_tokens\":1920,\"output_tokens\":1}")
                + TEXT_BLOCK_START
                + text(0, "Cached")
                + blockStop(0)
                + messageDelta("end_turn", "{\"output_tokens\":9}")
                + STOP));

    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request(), call())) {
      chunks = drain(stream);
    }

    Usage expected = anthropicUsage(21 + 188 + 1920, 9, 1920, 188);
    assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(expected);
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    assertThat(assembler.build("claude-main", "claude-haiku-4-5").usage()).isEqualTo(expected);
  }

  @Test
  void takesCumulativeCountsThatMessageDeltaRepeats() {
    server.enqueue(
        sse(
            messageStart("{\"input_tokens\":5,\"output_tokens\":1}")
                + TEXT_BLOCK_START
                + text(0, "Hi")
                + blockStop(0)
                + messageDelta(
                    "end_turn",
                    "{\"input_tokens\":30,\"cache_creation_input_tokens\":0,"
                        + "\"cache_read_input_tokens\":1024,\"output_tokens\":7}")
                + STOP));

    try (ChunkStream stream = provider.stream(request(), call())) {
      List<ChatChunk> chunks = drain(stream);
      assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(anthropicUsage(1054, 7, 1024, 0));
    }
  }

  @Test
  void streamsToolUseWithToolPositionsAsIndexesAndReassemblesTheArguments() {
    server.enqueue(
        sse(
            START
                + TEXT_BLOCK_START
                + text(0, "Checking both.")
                + blockStop(0)
                + toolStart(1, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather")
                + partialJson(1, "")
                + partialJson(1, "{\\\"city\\\": ")
                + partialJson(1, "\\\"Par")
                + partialJson(1, "is\\\"}")
                + blockStop(1)
                + toolStart(2, "toolu_01BWyDwbRWQF4LWNGGcwdUL4", "get_time")
                + partialJson(2, "")
                + blockStop(2)
                + messageDelta("tool_use", "{\"output_tokens\":89}")
                + STOP));

    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request(), call())) {
      chunks = drain(stream);
    }

    assertThat(chunks.get(2).toolCalls())
        .containsExactly(new ToolCallDelta(0, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", ""));
    assertThat(chunks.get(3).toolCalls())
        .containsExactly(new ToolCallDelta(0, null, null, "{\"city\": "));
    assertThat(chunks.get(6).toolCalls())
        .containsExactly(new ToolCallDelta(1, "toolu_01BWyDwbRWQF4LWNGGcwdUL4", "get_time", ""));
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("claude-main", "claude-haiku-4-5");
    assertThat(whole.text()).isEqualTo("Checking both.");
    assertThat(whole.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(whole.toolCalls())
        .containsExactly(
            new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", "{\"city\": \"Paris\"}"),
            new ToolCall("toolu_01BWyDwbRWQF4LWNGGcwdUL4", "get_time", "{}"));
    assertThat(whole.usage()).isEqualTo(anthropicUsage(472, 89, 0, 0));
  }

  @Test
  void reportsAStreamWithoutMessageStopAsTruncated() {
    server.enqueue(
        sse(
            START
                + TEXT_BLOCK_START
                + text(0, "Hel")
                + blockStop(0)
                + messageDelta("end_turn", "{\"output_tokens\":3}")));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(stream.next().text()).isEmpty();
      assertThat(stream.next().text()).isEqualTo("Hel");
      assertThat(stream.next().finishReason()).isEqualTo(FinishReason.STOP);
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
                assertThat(e.provider()).isEqualTo("claude-main");
                assertThat(e.getMessage()).contains("truncated");
              });
    }
  }

  @Test
  void reportsMalformedJsonInAStreamEvent() {
    server.enqueue(sse(START + TEXT_BLOCK_START + "event: content_block_delta\ndata: {\"type\n\n"));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(stream.next().text()).isEmpty();
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE));
    }
  }

  @Test
  void mapsAnOverloadedErrorEventInsideTheStreamToUnavailable() {
    server.enqueue(
        sse(
            START
                + TEXT_BLOCK_START
                + text(0, "Hi")
                + event(
                    "error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}")));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(stream.next().text()).isEmpty();
      assertThat(stream.next().text()).isEqualTo("Hi");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.providerCode()).hasValue("overloaded_error");
                assertThat(e.httpStatus()).isEmpty();
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Provider 'claude-main' (model 'claude-haiku-4-5') reported an error"
                            + " (overloaded_error): Overloaded");
              });
      assertThatThrownBy(stream::next).isInstanceOf(ProviderException.class);
    }
  }

  @Test
  void mapsErrorEventTypesInsideTheStreamLikeHttpErrors() {
    String[][] cases = {
      {"rate_limit_error", "Number of request tokens has exceeded your rate limit", "RATE_LIMITED"},
      {
        "invalid_request_error",
        "prompt is too long: 215310 tokens > 200000 maximum",
        "CONTEXT_LENGTH_EXCEEDED"
      },
      {"api_error", "Internal server error", "UNAVAILABLE"}
    };
    for (String[] c : cases) {
      server.enqueue(
          sse(
              START
                  + event(
                      "error",
                      "{\"type\":\"error\",\"error\":{\"type\":\""
                          + c[0]
                          + "\",\"message\":\""
                          + c[1]
                          + "\"}}")));
      try (ChunkStream stream = provider.stream(request(), call())) {
        stream.next();
        assertThatThrownBy(stream::next)
            .as(c[0])
            .isInstanceOfSatisfying(
                ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.valueOf(c[2])));
      }
    }
  }

  @Test
  void mapsADroppedConnectionMidStreamToNetwork() {
    String sent = START + TEXT_BLOCK_START + text(0, "Hel") + "event: content_block_del";
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .body(
                new MockResponseBody() {
                  @Override
                  public long getContentLength() {
                    return 100_000; // more than is sent: the close cuts the body short
                  }

                  @Override
                  public void writeTo(BufferedSink sink) throws IOException {
                    sink.writeUtf8(sent).flush();
                  }
                })
            .onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
            .build());
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(stream.next().text()).isEmpty();
      assertThat(stream.next().text()).isEqualTo("Hel");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK));
    }
  }

  private MockResponse stallingAfter(String first) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "text/event-stream")
        .body(
            new ScriptedResponseBody(
                sink -> {
                  sink.writeUtf8(first).flush();
                  release.await();
                }))
        .build();
  }

  @Test
  void timesOutAStalledStreamWithinTheDeadline() {
    server.enqueue(stallingAfter(START + TEXT_BLOCK_START + text(0, "Hel")));
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          long start = System.nanoTime();
          try (ChunkStream stream = provider.stream(request(), call(Duration.ofMillis(300)))) {
            assertThat(stream.next().text()).isEmpty();
            assertThat(stream.next().text()).isEqualTo("Hel");
            assertThatThrownBy(stream::next)
                .isInstanceOfSatisfying(
                    ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
          }
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        });
  }

  @Test
  void cancellationWhileBlockedInNextFailsPromptly() throws Exception {
    server.enqueue(stallingAfter(START + TEXT_BLOCK_START + text(0, "Hel")));
    ProviderCall call = call(Duration.ofSeconds(30));
    try (ChunkStream stream = provider.stream(request(), call)) {
      stream.next();
      assertThat(stream.next().text()).isEqualTo("Hel");
      AtomicReference<Thread> reader = new AtomicReference<>();
      CompletableFuture<Throwable> failure =
          CompletableFuture.supplyAsync(
              () -> {
                reader.set(Thread.currentThread());
                try {
                  return stream.next() == null ? null : new AssertionError("got a chunk");
                } catch (Throwable t) {
                  return t;
                }
              });
      await().until(() -> reader.get() != null && blockedReading(reader.get()));
      call.cancellation().cancel();
      Throwable t = failure.get(5, TimeUnit.SECONDS);
      assertThat(t).isInstanceOf(ProviderException.class);
      assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(t.getMessage()).contains("cancelled by the caller");
    }
  }

  @Test
  void returnsEachChunkBeforeTheServerSentTheRest() {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .body(
                new ScriptedResponseBody(
                    sink -> {
                      sink.writeUtf8(START + TEXT_BLOCK_START + text(0, "first")).flush();
                      release.await(); // the rest is only sent once the test has the first chunk
                      sink.writeUtf8(text(0, " second") + blockStop(0));
                      sink.writeUtf8(messageDelta("end_turn", "{\"output_tokens\":2}") + STOP);
                    }))
            .build());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          try (ChunkStream stream = provider.stream(request(), call())) {
            assertThat(stream.next().id()).isEqualTo("msg_014p7gG3wDgGV9EUtLvnow3U");
            assertThat(stream.next().text()).isEqualTo("first");
            release.countDown();
            assertThat(stream.next().text()).isEqualTo(" second");
            assertThat(stream.next().finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(stream.next()).isNull();
          }
        });
  }

  @Test
  void failsToOpenWhenTheServerRejectsTheStream() {
    server.enqueue(
        json(
                429,
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                    + "\"Number of request tokens has exceeded your per-minute rate limit\"}}")
            .newBuilder()
            .setHeader("retry-after", "7")
            .build());
    assertThatThrownBy(() -> provider.stream(request(), call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
            });
  }

  @Test
  void mapsAJsonErrorBodyWhereAStreamWasExpected() {
    server.enqueue(
        json(
            200,
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"));
    assertThatThrownBy(() -> provider.stream(request(), call()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
  }

  private static boolean blockedReading(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().endsWith("SseReader")) {
        return true;
      }
    }
    return false;
  }
}
