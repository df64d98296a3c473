package dev.llmgateway.examples;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAI Responses API behind an alias: a Responses-only model reached with {@link
 * EndpointMode#AUTO}, plain and streamed, with a fallback that still works when a stream fails
 * before its first content. The code between the {@code docs/responses-api.md} markers is the
 * page's example, checked to match by {@code DocsExamplesTest}.
 */
public final class ResponsesApiExample {
  private ResponsesApiExample() {}

  /**
   * Builds the client, makes a plain and a streamed call, and prints them.
   *
   * @param baseUrl the OpenAI base URL, such as {@code https://api.openai.com/v1}
   * @param key the API key
   * @param out where to print
   */
  public static void run(String baseUrl, Secret key, PrintStream out) {
    // docs/responses-api.md: begin
    try (GatewayClient gateway =
        GatewayClient.builder()
            .provider("openai", p -> p.type("openai").baseUrl(baseUrl).apiKey(key))
            .alias(
                "coder",
                a ->
                    a.target("openai", "gpt-5-codex", t -> t.endpointMode(EndpointMode.AUTO))
                        .fallback("openai/gpt-5-mini"))
            .build()) {
      ChatRequest request =
          ChatRequest.builder()
              .model("coder")
              .user("Write a Java method that reverses a string.")
              .maxTokens(2_000)
              .reasoning(ReasoningEffort.MEDIUM)
              .build();

      ChatResponse answer = gateway.chat(request); // POST /v1/responses, store: false
      out.println(answer.text() + " [" + answer.usage().reasoningTokens() + " reasoning tokens]");

      try (ChatStream stream = gateway.stream(request)) {
        for (ChatChunk chunk : stream) {
          out.print(chunk.text());
        }
        out.println(" <- " + stream.response().route().target());
      }
    }
    // docs/responses-api.md: end
  }

  /**
   * Runs the example against an embedded fake server whose first stream fails after the Responses
   * preamble, so that the stream falls back.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (FakeLlmServer fake = FakeLlmServer.start()) {
      fake.enqueue("gpt-5-codex", FakeResponse.text("s -> new StringBuilder(s).reverse()"));
      fake.enqueue(
          "gpt-5-codex",
          FakeResponse.text("never sent").failStreamAfter(2, "server_error", "overloaded"));
      fake.respondByDefault(FakeResponse.text("Use StringBuilder.reverse()."));
      run(fake.baseUrl(), Secret.of("demo-key"), out);
    }
  }
}
