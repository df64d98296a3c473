package dev.llmgateway.consumer;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Secret;

/**
 * The "Use it" example of the README, as a user's program compiled against the published artifacts
 * with nothing but {@code gateway-bom} for versions. {@code ReadmeExampleTest} checks that the
 * README shows exactly this code (and these imports) and runs it against a fake server.
 */
public final class ReadmeExample {
  private ReadmeExample() {}

  /**
   * Runs the example against OpenAI, with the keys in {@code OPENAI_API_KEY}, {@code BACKUP_KEY_1}
   * and {@code BACKUP_KEY_2}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    // README: begin
    try (GatewayClient gateway =
        GatewayClient.builder()
            .provider("openai", p -> p.type("openai").apiKey(Secret.env("OPENAI_API_KEY")))
            .provider(
                "backup",
                p ->
                    p.type("openai")
                        .key("primary", Secret.env("BACKUP_KEY_1"), 70)
                        .key("secondary", Secret.env("BACKUP_KEY_2"), 30))
            .alias(
                "fast",
                a ->
                    a.target("openai", "gpt-4o-mini", 60)
                        .target("backup", "gpt-4.1-mini", 40)
                        .fallback("openai/gpt-4o"))
            .build()) {

      ChatRequest request =
          ChatRequest.builder()
              .model("fast") // an alias, or "provider/model"
              .system("Answer in one sentence.")
              .user("What is a circuit breaker?")
              .maxTokens(200)
              .context(RequestContext.tenant("acme").team("support").feature("faq"))
              .build();

      ChatResponse answer = gateway.chat(request);
      System.out.println(answer.text() + " <- " + answer.route().target());

      try (ChatStream stream = gateway.stream(request)) {
        stream.forEach(chunk -> System.out.print(chunk.text()));
        Usage usage = stream.response().usage();
      }
    }
    // README: end
  }
}
