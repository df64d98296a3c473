package dev.llmgateway.examples.demo;

import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The three embedded fake providers of the demo, each a {@link FakeLlmServer} on loopback speaking
 * one provider's wire format: an OpenAI-style one that stays healthy, an Anthropic-style one that
 * {@linkplain #anthropicDown(boolean) goes down} for a while (the workload decides when) and a slow
 * Bedrock-style one. Not thread-safe: the demo drives it from one thread.
 */
final class FakeProviders implements AutoCloseable {
  private static final String OPENAI_ANSWER =
      "A circuit breaker watches the calls to a dependency, and after too many failures it stops"
          + " sending them for a while, so callers fail fast and the dependency can recover;"
          + " then a few trial calls decide whether traffic resumes.";
  private static final String ANTHROPIC_ANSWER =
      "Here is a short answer. The gateway keeps one budget per team and reserves the worst case"
          + " before each call, so concurrent calls never overshoot it; the real cost is settled"
          + " when the provider reports its usage, and the difference is released.";
  private static final String BEDROCK_ANSWER =
      "Summary: the document describes the quarterly roadmap, three open risks and the owners"
          + " of each, and asks for a decision on the migration date by Friday.";

  private final FakeLlmServer openAi = FakeLlmServer.start();
  private final FakeLlmServer anthropic = FakeLlmServer.start();
  private final FakeLlmServer bedrock = FakeLlmServer.start();

  FakeProviders() {
    openAi.recordRequests(false).respondByDefault(FakeResponse.text(OPENAI_ANSWER));
    anthropic.recordRequests(false);
    anthropicDown(false);
    // Slow for real as well as on the demo's clock (SimulatedLatency).
    bedrock
        .recordRequests(false)
        .respondByDefault(FakeResponse.text(BEDROCK_ANSWER).withLatency(Duration.ofMillis(5)));
  }

  /**
   * Switches the Anthropic-style fake between answering and failing every call with HTTP 529 {@code
   * overloaded_error}, as Anthropic does when it is overloaded.
   *
   * @param down whether it fails
   */
  void anthropicDown(boolean down) {
    anthropic.respondByDefault(
        down
            ? FakeResponse.error(529, "overloaded_error", null, "Overloaded")
            : FakeResponse.text(ANTHROPIC_ANSWER));
  }

  /**
   * The base URL of the fake serving a provider type.
   *
   * @param type {@code openai}, {@code anthropic} or {@code bedrock}
   * @return the URL to configure as the provider's {@code baseUrl}
   * @throws IllegalArgumentException for another type
   */
  String baseUrl(String type) {
    return switch (type) {
      case "openai" -> openAi.baseUrl();
      case "anthropic" -> anthropic.anthropicBaseUrl();
      case "bedrock" -> bedrock.bedrockEndpoint();
      default ->
          throw new IllegalArgumentException(
              "The demo has fakes for openai, anthropic and bedrock providers only, not '"
                  + type
                  + "'");
    };
  }

  /**
   * How many requests reached each fake.
   *
   * @return one line per fake
   */
  List<String> requestCounts() {
    List<String> lines = new ArrayList<>();
    lines.add("openai-style " + openAi.requestCount());
    lines.add("anthropic-style " + anthropic.requestCount());
    lines.add("bedrock-style " + bedrock.requestCount());
    return lines;
  }

  @Override
  public void close() {
    try (openAi;
        anthropic;
        bedrock) {
      // closed in reverse order
    }
  }
}
