package dev.llmgateway.examples;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Adds a provider of our own through the SPI. {@link
 * dev.llmgateway.examples.custom.FaqProviderFactory} is listed in {@code
 * META-INF/services/dev.llmgateway.spi.ProviderFactory}, so the client finds the {@code faq} type
 * through {@link java.util.ServiceLoader}: the configuration below only names the type.
 *
 * <pre>
 * mvn -q -Pdemo -Ddemo.mainClass=dev.llmgateway.examples.CustomProviderExample -DskipTests \
 *     package -pl examples -am
 * </pre>
 */
public final class CustomProviderExample {
  private CustomProviderExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (GatewayClient gateway = client()) {
      ChatRequest request =
          ChatRequest.builder().model("helpdesk").user("How does a circuit breaker work?").build();

      ChatResponse answer = gateway.chat(request);
      out.println("Plain:    " + answer.text() + "  <- " + answer.route().target());

      out.print("Streamed: ");
      try (ChatStream stream = gateway.stream(request)) {
        for (ChatChunk chunk : stream) {
          out.print(chunk.text());
        }
        out.println("  <- " + stream.response().usage().outputTokens() + " words");
      }
    }
  }

  /**
   * The client of this example: one {@code faq} provider behind the alias {@code helpdesk}.
   *
   * @return a new client; the caller closes it
   */
  static GatewayClient client() {
    return GatewayClient.builder()
        .provider(
            "faq",
            p ->
                p.type("faq")
                    .option(
                        "answer.circuit breaker",
                        "A circuit breaker stops calls to a failing service until it recovers.")
                    .option("answer.retry", "Retry only what is retryable, with backoff."))
        .alias("helpdesk", a -> a.target("faq", "faq-v1"))
        .build();
  }
}
