package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole stack over real HTTP: {@link GatewayClient}, the OpenAI adapter and the test kit's fake
 * server speaking OpenAI's wire format on loopback.
 */
@ExtendWith(FakeLlmServerExtension.class)
class EndToEndTest {
  private static final ToolDefinition WEATHER =
      ToolDefinition.of(
          "get_weather",
          "Current weather for a city",
          Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));

  private final FakeLlmServer server;
  private @Nullable GatewayClient gateway;

  EndToEndTest(FakeLlmServer server) {
    this.server = server;
  }

  @AfterEach
  void closeClient() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private GatewayClient client(int maxAttempts) {
    gateway =
        GatewayClient.builder()
            .provider(
                "primary",
                p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("test-key-1")))
            .provider(
                "secondary",
                p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("test-key-2")))
            .alias(
                "fast",
                a ->
                    a.target("primary", "gpt-4o-mini", 75)
                        .target("secondary", "gpt-4.1-mini", 25)
                        .fallback("secondary/gpt-4o"))
            .alias("single", a -> a.target("primary", "gpt-4o-mini"))
            .maxAttempts(maxAttempts)
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .seed(7)
            .build();
    return gateway;
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).user("What is a circuit breaker?").build();
  }

  @Test
  void streamsIncrementallyAndDeliversUsageOnTheLastChunk() {
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(
        FakeResponse.text("one two three four").withUsage(30, 4, 10, 0).pauseStreamAfter(2, gate));

    try (ChatStream stream = client(1).stream(ask("single"))) {
      Iterator<ChatChunk> chunks = stream.iterator();
      ChatChunk first = chunks.next();
      while (!first.hasContent()) {
        first = chunks.next();
      }
      // The server is still held at its gate: this chunk left it before the rest was written.
      assertThat(first.text()).isEqualTo("one");
      assertThat(gate.getCount()).isEqualTo(1);

      gate.countDown();
      List<ChatChunk> rest = new ArrayList<>();
      chunks.forEachRemaining(rest::add);

      ChatChunk last = rest.get(rest.size() - 1);
      // OpenAI's wire has no cache-write count.
      assertThat(last.usage())
          .isEqualTo(
              new Usage(
                  30,
                  4,
                  10,
                  0,
                  0,
                  EnumSet.of(
                      Usage.Count.INPUT,
                      Usage.Count.OUTPUT,
                      Usage.Count.CACHED_READ_INPUT,
                      Usage.Count.REASONING)));
      ChatResponse whole = stream.response();
      assertThat(whole.text()).isEqualTo("one two three four");
      assertThat(whole.usage().cachedReadInputTokens()).isEqualTo(10);
      assertThat(whole.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(whole.route().target()).isEqualTo(new TargetRef("primary", "gpt-4o-mini"));
    }
    assertThat(
            server
                .takeRequest()
                .bodyJson()
                .path("stream_options")
                .path("include_usage")
                .asBoolean())
        .isTrue();
  }

  @Test
  void reassemblesStreamedToolCallFragmentsIntoWholeCalls() {
    server.enqueue(
        FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Paris, France\"}")
            .withToolCall("call_2", "get_weather", "{\"city\":\"Lyon\"}"));
    ChatRequest request = ask("single").toBuilder().tool(WEATHER).build();

    try (ChatStream stream = client(1).stream(request)) {
      int fragments = 0;
      for (ChatChunk chunk : stream) {
        fragments += chunk.toolCalls().size();
      }
      assertThat(fragments).isGreaterThan(2);
      assertThat(stream.response().toolCalls())
          .containsExactly(
              new ToolCall("call_1", "get_weather", "{\"city\":\"Paris, France\"}"),
              new ToolCall("call_2", "get_weather", "{\"city\":\"Lyon\"}"));
      assertThat(stream.response().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }
  }

  @Test
  void sendsTrafficInProportionToTheAliasWeights() {
    GatewayClient client = client(1);
    int calls = 2_000;
    for (int i = 0; i < calls; i++) {
      client.chat(ask("fast"));
    }
    double primaryShare = server.requestCount("gpt-4o-mini") / (double) calls;
    assertThat(primaryShare).isCloseTo(0.75, within(0.03));
    assertThat(server.requestCount("gpt-4o-mini") + server.requestCount("gpt-4.1-mini"))
        .isEqualTo(calls);
  }

  @Test
  void fallsBackWhenThePrimaryIsUnavailableAndTellsWhatWasTried() {
    server.respondByDefault("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "down"));
    server.respondByDefault("gpt-4.1-mini", FakeResponse.error(503, "server_error", null, "down"));
    server.respondByDefault("gpt-4o", FakeResponse.text("from the fallback"));

    ChatResponse answer = client(5).chat(ask("fast"));

    assertThat(answer.text()).isEqualTo("from the fallback");
    assertThat(answer.route().alias()).isEqualTo("fast");
    assertThat(answer.route().target()).isEqualTo(new TargetRef("secondary", "gpt-4o"));
    assertThat(answer.route().attempts()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(answer.route().attempts().get(0).errorKind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(answer.route().attempts().get(answer.route().attempts().size() - 1).succeeded())
        .isTrue();
  }

  @Test
  void mapsARateLimitWithItsRetryAfter() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(7)));

    Throwable thrown = catchThrowable(() -> client(1).chat(ask("single")));

    ProviderException failure = providerFailure(thrown);
    assertThat(failure.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(failure.httpStatus()).hasValue(429);
  }

  @Test
  void malformedJsonEndsInATypedError() {
    server.enqueue(FakeResponse.malformedJson());
    assertThat(providerFailure(catchThrowable(() -> client(1).chat(ask("single")))).kind())
        .isEqualTo(ErrorKind.MALFORMED_RESPONSE);
  }

  @Test
  void aTruncatedStreamIsAnErrorNotASilentSuccess() {
    server.enqueue(FakeResponse.text("one two three four").truncateAfter(2));
    Throwable thrown = catchThrowable(() -> drain(client(1).stream(ask("single"))));
    assertThat(thrown).isInstanceOf(StreamInterruptedException.class);
    assertThat(((StreamInterruptedException) thrown).partialText()).isEqualTo("one");
    assertThat(kindOf(thrown)).isIn(ErrorKind.MALFORMED_RESPONSE, ErrorKind.NETWORK);
  }

  @Test
  void aDroppedConnectionEndsInATypedError() {
    server.enqueue(FakeResponse.text("one two three four").dropConnectionAfter(2));
    Throwable thrown = catchThrowable(() -> drain(client(1).stream(ask("single"))));
    assertThat(kindOf(thrown)).isIn(ErrorKind.NETWORK, ErrorKind.MALFORMED_RESPONSE);
  }

  @Test
  void aStalledServerEndsWithATimeoutWithinTheDeadline() {
    server.respondByDefault(FakeResponse.text("never").stall());
    ChatRequest request = ask("single").toBuilder().timeout(Duration.ofMillis(500)).build();
    GatewayClient client = client(3);

    long start = System.nanoTime();
    Throwable plain = catchThrowable(() -> client.chat(request));
    Throwable streamed = catchThrowable(() -> drain(client.stream(request)));
    Duration both = Duration.ofNanos(System.nanoTime() - start);

    assertThat(kindOf(plain)).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(kindOf(streamed)).isEqualTo(ErrorKind.TIMEOUT);
    // Two calls of 500 ms each; the bound is generous for a loaded CI machine, not a benchmark.
    assertThat(both).isLessThan(Duration.ofSeconds(10));
  }

  private static String drain(ChatStream stream) {
    try (stream) {
      StringBuilder text = new StringBuilder();
      for (ChatChunk chunk : stream) {
        text.append(chunk.text());
      }
      return text.toString();
    }
  }

  static ProviderException providerFailure(@Nullable Throwable thrown) {
    Throwable t = thrown;
    while (t != null) {
      if (t instanceof ProviderException p) {
        return p;
      }
      t = t.getCause();
    }
    throw new AssertionError("no ProviderException in " + thrown, thrown);
  }

  static ErrorKind kindOf(@Nullable Throwable thrown) {
    if (thrown instanceof AllTargetsFailedException all && all.lastKind() != null) {
      return all.lastKind();
    }
    return providerFailure(thrown).kind();
  }
}
