package dev.llmgateway.provider.openai;

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
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.testkit.ScriptedResponseBody;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.SocketEffect;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

class OpenAiStreamTest extends OpenAiTestSupport {

  static final String CHUNK =
      "{\"id\":\"chatcmpl-BNc6pQaFh0vHvXWbVtl3K1Lr8z2Dq\",\"object\":\"chat.completion.chunk\","
          + "\"created\":1744896191,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
          + "\"system_fingerprint\":\"fp_0392822090\",";

  static String event(String rest) {
    return "data: " + CHUNK + rest + "\n\n";
  }

  static String delta(String delta, String finish) {
    return event(
        "\"choices\":[{\"index\":0,\"delta\":"
            + delta
            + ",\"logprobs\":null,\"finish_reason\":"
            + finish
            + "}],\"usage\":null}");
  }

  static final String USAGE_EVENT =
      event(
          "\"choices\":[],\"usage\":{\"prompt_tokens\":2048,\"completion_tokens\":300,"
              + "\"total_tokens\":2348,\"prompt_tokens_details\":{\"cached_tokens\":1920,"
              + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":128,"
              + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
              + "\"rejected_prediction_tokens\":0}}}");

  static final String TEXT_STREAM =
      delta("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null")
          + ": keep-alive\n\n"
          + delta("{\"content\":\"Hello\"}", "null")
          + delta("{\"content\":\" there\"}", "null")
          + delta("{}", "\"stop\"")
          + USAGE_EVENT
          + "data: [DONE]\n\n";

  static ChatRequest request() {
    return ChatRequest.builder().model("gpt-4o-mini").user("Say hello").build();
  }

  static List<ChatChunk> drain(ChunkStream stream) {
    List<ChatChunk> chunks = new ArrayList<>();
    for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
      chunks.add(chunk);
    }
    return chunks;
  }

  @Test
  void streamsTextAndUsageOnTheFinalEmptyChoicesChunk() {
    server.enqueue(sse(TEXT_STREAM));
    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request(), call())) {
      chunks = drain(stream);
      assertThat(stream.next()).isNull();
    }

    assertRequest(
        "/v1/chat/completions",
        "text/event-stream",
        """
        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],
         "stream":true,"stream_options":{"include_usage":true}}
        """);
    assertThat(chunks).extracting(ChatChunk::text).containsExactly("", "Hello", " there", "", "");
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.id()).isEqualTo("chatcmpl-BNc6pQaFh0vHvXWbVtl3K1Lr8z2Dq");
              assertThat(c.model()).isEqualTo("gpt-4o-mini-2024-07-18");
            });
    assertThat(chunks.get(3).finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(chunks.get(3).usage()).isNull();
    assertThat(chunks.get(4).usage()).isEqualTo(openAiUsage(2048, 300, 1920, 128));

    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("openai-main", "gpt-4o-mini");
    assertThat(whole.text()).isEqualTo("Hello there");
    assertThat(whole.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(whole.usage()).isEqualTo(openAiUsage(2048, 300, 1920, 128));
  }

  @Test
  void streamsToolCallsSplitOverManyFragments() {
    String body =
        delta(
                "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                    + "\"id\":\"call_DdmO9pD3xa9XTPNJ32zg2hcA\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"arguments\":\"\"}}],\"refusal\":null}",
                "null")
            + delta(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"\"}}]}", "null")
            + delta(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"city\"}}]}", "null")
            + delta(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\":\\\"Par\"}}]}",
                "null")
            + delta(
                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"is\\\"}\"}}]}", "null")
            + delta(
                "{\"tool_calls\":[{\"index\":1,\"id\":\"call_ABPjzEmxwvQ6Lk29Wx0KVXrT\","
                    + "\"type\":\"function\",\"function\":{\"name\":\"get_time\","
                    + "\"arguments\":\"\"}}]}",
                "null")
            + delta(
                "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"tz\\\":\"}}]}",
                "null")
            + delta(
                "{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"CET\\\"}\"}}]}",
                "null")
            + delta("{}", "\"tool_calls\"")
            + USAGE_EVENT
            + "data: [DONE]\n\n";
    server.enqueue(sse(body));
    ChatRequest request =
        ChatRequest.builder()
            .model("gpt-4o-mini")
            .user("Weather and time in Paris?")
            .tool(ToolDefinition.of("get_weather", null, Map.of("type", "object")))
            .tool(ToolDefinition.of("get_time", null, Map.of("type", "object")))
            .build();

    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request, call())) {
      chunks = drain(stream);
    }

    assertThat(chunks.get(0).toolCalls())
        .containsExactly(new ToolCallDelta(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", ""));
    assertThat(chunks.get(1).toolCalls()).containsExactly(new ToolCallDelta(0, null, null, "{\""));
    assertThat(chunks.get(5).toolCalls())
        .containsExactly(new ToolCallDelta(1, "call_ABPjzEmxwvQ6Lk29Wx0KVXrT", "get_time", ""));
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("openai-main", "gpt-4o-mini");
    assertThat(whole.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(whole.toolCalls())
        .containsExactly(
            new ToolCall("call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather", "{\"city\":\"Paris\"}"),
            new ToolCall("call_ABPjzEmxwvQ6Lk29Wx0KVXrT", "get_time", "{\"tz\":\"CET\"}"));
    assertThat(whole.usage().cachedReadInputTokens()).isEqualTo(1920);
  }

  @Test
  void endsProperlyAfterAFinishReasonEvenWithoutDone() {
    server.enqueue(sse(delta("{\"content\":\"Hi\"}", "null") + delta("{}", "\"length\"")));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(drain(stream))
          .extracting(ChatChunk::finishReason)
          .containsExactly(null, FinishReason.LENGTH);
    }
  }

  @Test
  void reportsAStreamWithoutDoneOrFinishReasonAsTruncated() {
    server.enqueue(sse(delta("{\"content\":\"Hel\"}", "null")));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(stream.next().text()).isEqualTo("Hel");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
                assertThat(e.provider()).isEqualTo("openai-main");
                assertThat(e.getMessage()).contains("truncated");
              });
    }
  }

  @Test
  void reportsMalformedJsonInAStreamEvent() {
    server.enqueue(
        sse(delta("{\"content\":\"Hi\"}", "null") + "data: {\"id\":\"chatcmpl-x\",\n\n"));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(stream.next().text()).isEqualTo("Hi");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE));
    }
  }

  @Test
  void mapsAnErrorEventInsideTheStream() {
    server.enqueue(
        sse(
            delta("{\"content\":\"Hi\"}", "null")
                + "data: {\"error\":{\"message\":\"The server had an error while processing your"
                + " request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,"
                + "\"code\":null}}\n\n"));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThat(stream.next().text()).isEqualTo("Hi");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.providerCode()).hasValue("server_error");
                assertThat(e.getMessage()).contains("The server had an error");
              });
    }
  }

  @Test
  void mapsARateLimitErrorEventInsideTheStream() {
    server.enqueue(
        sse(
            "data: {\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}\n\n"));
    try (ChunkStream stream = provider.stream(request(), call())) {
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    }
  }

  @Test
  void mapsADroppedConnectionMidStreamToNetwork() {
    String sent = delta("{\"content\":\"Hel\"}", "null") + "data: {\"id\":\"chatc";
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
    server.enqueue(stallingAfter(delta("{\"content\":\"Hel\"}", "null")));
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          long start = System.nanoTime();
          try (ChunkStream stream = provider.stream(request(), call(Duration.ofMillis(300)))) {
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
    server.enqueue(stallingAfter(delta("{\"content\":\"Hel\"}", "null")));
    ProviderCall call = call(Duration.ofSeconds(30));
    try (ChunkStream stream = provider.stream(request(), call)) {
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
  void returnsTheFirstChunkBeforeTheServerSentTheRest() {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "text/event-stream")
            .body(
                new ScriptedResponseBody(
                    sink -> {
                      sink.writeUtf8(delta("{\"content\":\"first\"}", "null")).flush();
                      release.await(); // the rest is only sent once the test has the first chunk
                      sink.writeUtf8(delta("{\"content\":\" second\"}", "\"stop\""));
                      sink.writeUtf8("data: [DONE]\n\n");
                    }))
            .build());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          try (ChunkStream stream = provider.stream(request(), call())) {
            assertThat(stream.next().text()).isEqualTo("first");
            release.countDown();
            assertThat(stream.next().text()).isEqualTo(" second");
            assertThat(stream.next()).isNull();
          }
        });
  }

  @Test
  void failsToOpenWhenTheServerRejectsTheStream() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Content-Type", "application/json")
            .setHeader("retry-after-ms", "250")
            .body(
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\","
                    + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
            .build());
    assertThatThrownBy(() -> provider.stream(request(), call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.retryAfter()).hasValue(Duration.ofMillis(250));
            });
  }

  @Test
  void mapsAJsonErrorBodyWhereAStreamWasExpected() {
    server.enqueue(
        json(
            200,
            "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"messages\","
                + "\"code\":\"context_length_exceeded\"}}"));
    assertThatThrownBy(() -> provider.stream(request(), call()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED));
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
