package dev.llmgateway.examples;

import static dev.llmgateway.model.Usage.Count.CACHED_READ_INPUT;
import static dev.llmgateway.model.Usage.Count.CACHE_WRITE_INPUT;
import static dev.llmgateway.model.Usage.Count.INPUT;
import static dev.llmgateway.model.Usage.Count.OUTPUT;
import static dev.llmgateway.model.Usage.Count.REASONING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cost of a call through each real provider adapter and the test kit's wire dialects, plain and
 * streamed, with and without prompt-cache tokens, equals the hand-computed value to the nano-dollar
 * (bundled catalog 2026-11).
 *
 * <p>Every case reports 2000 prompt tokens and 300 completion tokens; the cached cases have 800 of
 * the prompt tokens read from the cache and, where the provider has cache writes, 400 written.
 */
class CostGoldenTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final List<GatewayClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    clients.forEach(GatewayClient::close);
    server.close();
  }

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (boolean stream : new boolean[] {false, true}) {
      // gpt-4o-mini: $0.15 in, $0.075 cached, $0.60 out per million = 150, 75, 600 nanos a token.
      // plain: 2000 * 150 + 300 * 600 = 480,000; cached: 1200 * 150 + 800 * 75 + 300 * 600
      out.add(Arguments.of("openai", "gpt-4o-mini", stream, false, 480_000L));
      out.add(Arguments.of("openai", "gpt-4o-mini", stream, true, 420_000L));
      // claude-haiku-4-5: $1 in, $0.10 read, $1.25 write, $5 out = 1000, 100, 1250, 5000 nanos.
      // plain: 2000 * 1000 + 300 * 5000; cached: 800 * 1000 + 800 * 100 + 400 * 1250 + 1.5M
      out.add(Arguments.of("anthropic", "claude-haiku-4-5-20251001", stream, false, 3_500_000L));
      out.add(Arguments.of("anthropic", "claude-haiku-4-5-20251001", stream, true, 2_880_000L));
      // Bedrock Claude Sonnet 4.5 (cross-region id): $3, $0.30, $3.75, $15 per million.
      // plain: 2000 * 3000 + 300 * 15000; cached: 800 * 3000 + 800 * 300 + 400 * 3750 + 4.5M
      String sonnet = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
      out.add(Arguments.of("bedrock", sonnet, stream, false, 10_500_000L));
      out.add(Arguments.of("bedrock", sonnet, stream, true, 8_640_000L));
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1} stream={2} cached={3}")
  @MethodSource("cases")
  void costEqualsTheHandComputedValue(
      String type, String model, boolean stream, boolean cached, long expectedNanos) {
    boolean writes = cached && !type.equals("openai");
    FakeResponse answer = FakeResponse.text("Paris").withUsage(2000, 300, cached ? 800 : 0, 0);
    if (writes) {
      answer = answer.withCacheWriteTokens(400);
    }
    server.enqueue(answer);
    GatewayClient gateway = client(type);
    ChatRequest request =
        ChatRequest.builder().model(type + "/" + model).user("Capital of France?").build();

    ChatResponse response;
    if (stream) {
      try (ChatStream s = gateway.stream(request)) {
        response = s.response();
      }
    } else {
      response = gateway.chat(request);
    }

    // Each wire reports its own counts: OpenAI has no cache writes, Anthropic no reasoning count,
    // and Bedrock's usage carries its cache counts only when the prompt cache was used.
    Set<Usage.Count> reported =
        switch (type) {
          case "openai" -> EnumSet.of(INPUT, OUTPUT, CACHED_READ_INPUT, REASONING);
          case "bedrock" ->
              cached
                  ? EnumSet.of(INPUT, OUTPUT, CACHED_READ_INPUT, CACHE_WRITE_INPUT)
                  : EnumSet.of(INPUT, OUTPUT);
          default -> EnumSet.of(INPUT, OUTPUT, CACHED_READ_INPUT, CACHE_WRITE_INPUT);
        };
    assertThat(response.usage())
        .isEqualTo(new Usage(2000, 300, cached ? 800 : 0, writes ? 400 : 0, 0, reported));
    assertThat(response.cost()).isEqualTo(Cost.reported(Money.ofNanos(expectedNanos)));
  }

  private GatewayClient client(String type) {
    GatewayClient.Builder b =
        GatewayClient.builder().retryBackoff(Duration.ZERO, Duration.ZERO).maxAttempts(1);
    switch (type) {
      case "openai" ->
          b.provider(
              "openai",
              p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("test-key-1")));
      case "anthropic" ->
          b.provider(
              "anthropic",
              p ->
                  p.type("anthropic")
                      .baseUrl(server.anthropicBaseUrl())
                      .apiKey(Secret.of("test-key-2")));
      default ->
          b.provider(
              "bedrock",
              p ->
                  p.type("bedrock")
                      .baseUrl(server.bedrockEndpoint())
                      .option("region", "us-east-1")
                      .apiKey(Secret.of("AKIDEXAMPLE:test-secret")));
    }
    GatewayClient c = b.build();
    clients.add(c);
    return c;
  }
}
