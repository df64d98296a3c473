package dev.llmgateway.examples;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The quick start: a client with an alias over two weighted targets and a fallback, one plain call
 * and one streamed call.
 *
 * <p>With {@code OPENAI_API_KEY} set it calls OpenAI. Without it, it starts an embedded {@link
 * FakeLlmServer} on loopback that speaks OpenAI's wire format, and makes each target model answer
 * its first call with HTTP 503 so that the output shows a retry or fallback.
 *
 * <pre>
 * mvn -Pdemo -DskipTests package -pl examples -am -Ddemo.mainClass=dev.llmgateway.examples.QuickStart
 * </pre>
 */
public final class QuickStart {
  private static final String QUESTION = "What is a circuit breaker?";
  private static final String FAKE_ANSWER =
      "A circuit breaker stops calling a failing service for a while, so that it can recover"
          + " and callers fail fast instead of waiting.";

  private QuickStart() {}

  /**
   * Runs the quick start.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String key = System.getenv("OPENAI_API_KEY");
    if (key != null && !key.isBlank()) {
      out.println("OPENAI_API_KEY is set: calling OpenAI.");
      run(null, out);
    } else {
      try (FakeLlmServer fake = FakeLlmServer.start()) {
        out.println(
            "OPENAI_API_KEY is not set: calling an embedded fake server at " + fake.baseUrl());
        fake.respondByDefault(FakeResponse.text(FAKE_ANSWER));
        // One 503 per target model: whichever the router picks first fails once.
        fake.enqueue("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
        fake.enqueue("gpt-4.1-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
        run(fake, out);
      }
    }
  }

  /**
   * Builds the client and makes both calls.
   *
   * @param fake the fake server to point at, or {@code null} for the real OpenAI API
   * @param out where to print
   */
  static void run(@Nullable FakeLlmServer fake, PrintStream out) {
    try (GatewayClient gateway = builder(fake).build()) {
      ChatRequest request = request();

      ChatResponse answer = gateway.chat(request);
      out.println();
      out.println("Q: " + QUESTION);
      out.println("Plain answer:    " + answer.text());
      out.println("  " + describe(answer.route()) + ", " + describe(answer.usage()));

      out.print("Streamed answer: ");
      try (ChatStream stream = gateway.stream(request)) {
        for (ChatChunk chunk : stream) {
          out.print(chunk.text());
        }
        out.println();
        ChatResponse whole = stream.response();
        out.println("  " + describe(whole.route()) + ", " + describe(whole.usage()));
      }
    }
  }

  /**
   * The quick start's client configuration; {@code src/main/resources/quickstart.yaml} says the
   * same as a file.
   *
   * @param fake the fake server to point at, or {@code null} for the real OpenAI API
   * @return the builder
   */
  static GatewayClient.Builder builder(@Nullable FakeLlmServer fake) {
    GatewayClient.Builder builder = GatewayClient.builder();
    if (fake == null) {
      builder.provider("openai", p -> p.type("openai").apiKey(Secret.env("OPENAI_API_KEY")));
    } else {
      builder.provider(
          "openai",
          p -> p.type("openai").baseUrl(fake.baseUrl()).apiKey(Secret.of("demo-key-not-secret")));
    }
    builder.alias(
        "fast",
        a ->
            a.target("openai", "gpt-4o-mini", 70)
                .target("openai", "gpt-4.1-mini", 30)
                .fallback("openai/gpt-4o"));
    return builder;
  }

  /**
   * The quick start's request.
   *
   * @return the request to the alias {@code fast}
   */
  static ChatRequest request() {
    return ChatRequest.builder()
        .model("fast")
        .system("Answer in one sentence.")
        .user(QUESTION)
        .maxTokens(200)
        .context(RequestContext.tenant("acme").team("support").feature("faq"))
        .build();
  }

  private static String describe(Route route) {
    StringBuilder sb = new StringBuilder("answered by ").append(route.target());
    sb.append(" via alias '").append(route.alias()).append("' after ");
    sb.append(route.attempts().size()).append(" attempt(s)");
    for (Attempt attempt : route.attempts()) {
      if (!attempt.succeeded()) {
        sb.append(" [")
            .append(attempt.target())
            .append(": ")
            .append(attempt.errorKind())
            .append(']');
      }
    }
    return sb.toString();
  }

  private static String describe(Usage usage) {
    return usage.inputTokens() + " tokens in, " + usage.outputTokens() + " out";
  }
}
