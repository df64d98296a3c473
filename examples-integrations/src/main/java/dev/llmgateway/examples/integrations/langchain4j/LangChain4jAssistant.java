package dev.llmgateway.examples.integrations.langchain4j;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.langchain4j.GatewayChatModel;
import dev.llmgateway.langchain4j.GatewayChatResponseMetadata;
import dev.llmgateway.langchain4j.GatewayEmbeddingModel;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j AI service whose chat model and embedding model are gateway aliases: a tool the
 * model can call, and retrieval over an in-memory embedding store (RAG), both going through the
 * gateway's routing, fallbacks and cost tracking.
 *
 * <p>With {@code OPENAI_API_KEY} set it calls OpenAI. Without it, it starts an embedded fake server
 * on loopback whose primary model fails, so the answers come from the fallback target.
 *
 * <pre>
 * mvn -q -Pdemo -DskipTests package -pl examples-integrations -am \
 *     -Ddemo.mainClass=dev.llmgateway.examples.integrations.langchain4j.LangChain4jAssistant
 * </pre>
 */
public final class LangChain4jAssistant {
  private LangChain4jAssistant() {}

  /** The AI service: LangChain4j implements it. */
  interface Assistant {
    @SystemMessage("You answer questions about the LLM gateway. Use the tools for arithmetic.")
    Result<String> chat(String question);
  }

  /** A tool the model may call. */
  static final class Calculator {
    /**
     * Multiplies.
     *
     * @param a a factor
     * @param b the other factor
     * @return the product
     */
    @Tool("Multiplies two integers")
    long multiply(
        @P(name = "a", value = "a factor") long a, @P(name = "b", value = "another") long b) {
      return a * b;
    }
  }

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
   * Scripts the fake server: the primary chat model is down, the backup asks for the tool once and
   * then answers; embeddings are the fake's deterministic vectors.
   *
   * @param fake the fake server
   */
  static void script(FakeLlmServer fake) {
    fake.respondByDefault("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "down"));
    fake.enqueue("gpt-4.1-mini", FakeResponse.toolCall("call_1", "multiply", "{\"a\":6,\"b\":7}"));
    fake.enqueue("gpt-4.1-mini", FakeResponse.text("6 times 7 is 42."));
    fake.enqueue(
        "gpt-4.1-mini",
        FakeResponse.text("Budgets reserve the worst case before a call and settle after it."));
    fake.respondByDefault("text-embedding-3-small", FakeResponse.embeddings(64));
  }

  /**
   * Builds the client and the AI service and asks two questions: one the tool answers, one the
   * retrieved documents answer.
   *
   * @param fake the fake server to point at, or {@code null} for OpenAI
   * @param out where to print
   */
  static void run(@Nullable FakeLlmServer fake, PrintStream out) {
    try (GatewayClient gateway = gateway(fake)) {
      GatewayEmbeddingModel embeddings =
          GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();
      InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
      EmbeddingStoreIngestor.builder()
          .embeddingModel(embeddings)
          .embeddingStore(store)
          .build()
          .ingest(
              List.of(
                  Document.from(
                      "Budgets reserve the worst case before a call and settle after it."),
                  Document.from("A fallback chain names the targets tried after the primary."),
                  Document.from("Key pools spread calls over several API keys.")));

      Assistant assistant =
          AiServices.builder(Assistant.class)
              .chatModel(
                  GatewayChatModel.builder()
                      .gateway(gateway)
                      .model("assistant")
                      .context(RequestContext.tenant("demo").feature("assistant"))
                      .build())
              .tools(new Calculator())
              .contentRetriever(
                  EmbeddingStoreContentRetriever.builder()
                      .embeddingStore(store)
                      .embeddingModel(embeddings)
                      .maxResults(1)
                      .build())
              .build();

      print(out, "What is 6 times 7?", assistant.chat("What is 6 times 7?"));
      String question = "Budgets reserve the worst case before a call and settle after it.";
      print(out, "How do budgets work?", assistant.chat(question));
    }
  }

  private static void print(PrintStream out, String question, Result<String> result) {
    var route = ((GatewayChatResponseMetadata) result.finalResponse().metadata()).route();
    out.println("Q: " + question);
    out.println("A: " + result.content());
    out.println(
        "   answered by "
            + route.target()
            + " after "
            + route.attempts().size()
            + " attempt(s); tools run: "
            + result.toolExecutions().size()
            + "; sources: "
            + result.sources().size());
  }

  private static GatewayClient gateway(@Nullable FakeLlmServer fake) {
    String baseUrl = fake == null ? null : fake.baseUrl();
    GatewayClient.Builder builder = GatewayClient.builder();
    if (fake != null) {
      // the fake's primary is down for good: fall back at once instead of retrying it
      builder.retriesPerTarget(0).retryBackoff(Duration.ZERO, Duration.ZERO);
    }
    return builder
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
        .alias("embed", a -> a.target("openai", "text-embedding-3-small"))
        .build();
  }
}
