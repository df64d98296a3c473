package dev.llmgateway.examples.integrations.springai;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Route;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.springai.GatewayChatModel;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * A Spring AI {@link ChatClient} over a gateway alias: one call and one streamed call, each falling
 * back when the primary target fails.
 *
 * <p>With {@code OPENAI_API_KEY} set it calls OpenAI. Without it, it starts an embedded fake server
 * on loopback whose primary model fails once per call.
 *
 * <pre>
 * mvn -q -Pdemo -DskipTests package -pl examples-integrations -am \
 *     -Ddemo.mainClass=dev.llmgateway.examples.integrations.springai.SpringAiChatClientExample
 * </pre>
 */
public final class SpringAiChatClientExample {
  private SpringAiChatClientExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String key = System.getenv("OPENAI_API_KEY");
    if (key != null && !key.isBlank()) {
      run(null, out);
    } else {
      try (FakeLlmServer fake = FakeLlmServer.start()) {
        out.println(
            "OPENAI_API_KEY is not set: calling an embedded fake server at " + fake.baseUrl());
        script(fake);
        run(fake, out);
      }
    }
  }

  /**
   * Scripts the fake server: the primary model fails each call's first attempt.
   *
   * @param fake the fake server
   */
  static void script(FakeLlmServer fake) {
    fake.enqueue("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
    fake.enqueue("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "overloaded"));
    fake.respondByDefault(
        "gpt-4.1-mini", FakeResponse.text("Spring AI calls went through the gateway's fallback."));
  }

  /**
   * Builds the client and makes a call and a streamed call through {@code ChatClient}.
   *
   * @param fake the fake server to point at, or {@code null} for OpenAI
   * @param out where to print
   */
  static void run(@Nullable FakeLlmServer fake, PrintStream out) {
    try (GatewayClient gateway = gateway(fake)) {
      ChatClient chat =
          ChatClient.builder(
                  GatewayChatModel.builder()
                      .gateway(gateway)
                      .model("assistant")
                      .context(RequestContext.tenant("demo").feature("spring-ai"))
                      .build())
              .defaultSystem("Answer in one sentence.")
              .build();

      ChatResponse answer = chat.prompt().user("What does the gateway do?").call().chatResponse();
      Route route = answer.getMetadata().get(GatewayChatModel.ROUTE_METADATA);
      out.println("Call:   " + answer.getResult().getOutput().getText());
      out.println(
          "        answered by "
              + route.target()
              + " after "
              + route.attempts().size()
              + " attempt(s)");

      out.print("Stream: ");
      chat.prompt().user("And when streaming?").stream()
          .content()
          .doOnNext(out::print)
          .blockLast(Duration.ofSeconds(60));
      out.println();
    }
  }

  private static GatewayClient gateway(@Nullable FakeLlmServer fake) {
    String baseUrl = fake == null ? null : fake.baseUrl();
    return GatewayClient.builder()
        .provider(
            "openai",
            p -> {
              p.type("openai")
                  .apiKey(fake == null ? Secret.env("OPENAI_API_KEY") : Secret.of("demo-key"));
              if (baseUrl != null) {
                p.baseUrl(baseUrl);
              }
            })
        .alias(
            "assistant",
            a ->
                a.target("openai", "gpt-4o-mini")
                    .target("openai", "gpt-4.1-mini")
                    .strategy(RoutingStrategy.ordered()))
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .retriesPerTarget(0)
        .build();
  }
}
