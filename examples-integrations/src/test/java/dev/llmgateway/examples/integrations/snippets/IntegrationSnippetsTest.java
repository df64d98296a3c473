package dev.llmgateway.examples.integrations.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.output.TokenUsage;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LangChain4j and Spring AI snippets of the docs do what their pages say, on a fake server. */
class IntegrationSnippetsTest {
  private static final String ANSWER = "The gateway routes calls over providers.";

  private FakeLlmServer fake;
  private GatewayClient gateway;

  @BeforeEach
  void start() {
    fake = FakeLlmServer.start();
    fake.respondByDefault("text-embedding-3-small", FakeResponse.embeddings(64));
    gateway =
        GatewayClient.builder()
            .provider(
                "openai",
                p -> p.type("openai").apiKey(Secret.of("demo-key")).baseUrl(fake.baseUrl()))
            .alias("assistant", a -> a.target("openai", "gpt-4o-mini"))
            .alias("embed", a -> a.target("openai", "text-embedding-3-small"))
            .build();
  }

  @AfterEach
  void stop() {
    gateway.close();
    fake.close();
  }

  @Test
  void theLangChain4jServiceCallsItsToolReadsItsDocumentsAndNamesTheRoute() {
    fake.enqueue("gpt-4o-mini", FakeResponse.toolCall("call_1", "multiply", "{\"a\":6,\"b\":7}"));
    fake.enqueue("gpt-4o-mini", FakeResponse.text("6 times 7 is 42."));
    fake.enqueue("gpt-4o-mini", FakeResponse.text("You ask for acme."));
    fake.enqueue("gpt-4o-mini", FakeResponse.text(ANSWER));

    LangChain4jSnippets.Answers answers =
        LangChain4jSnippets.aiService(
            gateway, List.of(dev.langchain4j.data.document.Document.from(ANSWER)));

    assertThat(answers.withTool().content()).isEqualTo("6 times 7 is 42.");
    assertThat(answers.withTool().toolExecutions()).hasSize(1);
    assertThat(answers.withTool().toolExecutions().get(0).result()).isEqualTo("42");
    assertThat(answers.route().target()).hasToString("openai/gpt-4o-mini");
    assertThat(answers.withDocuments().content()).isEqualTo(ANSWER);
    assertThat(answers.withDocuments().sources()).hasSize(1);
    assertThat(fake.requestCount("gpt-4o-mini")).isEqualTo(4);
  }

  @Test
  void theLangChain4jStreamReachesTheHandler() throws Exception {
    fake.respondByDefault("gpt-4o-mini", FakeResponse.text(ANSWER));
    StringBuilder text = new StringBuilder();
    CompletableFuture<TokenUsage> done = new CompletableFuture<>();

    LangChain4jSnippets.streaming(
        gateway,
        new LangChain4jSnippets.Ui() {
          @Override
          public void append(String part) {
            synchronized (text) {
              text.append(part);
            }
          }

          @Override
          public void done(TokenUsage usage) {
            done.complete(usage);
          }

          @Override
          public void failed(Throwable error) {
            done.completeExceptionally(error);
          }
        });

    assertThat(done.get(30, TimeUnit.SECONDS)).isNotNull();
    synchronized (text) {
      assertThat(text).hasToString(ANSWER);
    }
  }

  @Test
  void theSpringAiChatClientAnswersStreamsAndCarriesRouteAndCost() {
    fake.respondByDefault("gpt-4o-mini", FakeResponse.text(ANSWER));

    SpringAiSnippets.Answers answers = SpringAiSnippets.chatClient(gateway);

    assertThat(answers.answer()).isEqualTo(ANSWER);
    assertThat(String.join("", answers.words().collectList().block(Duration.ofSeconds(30))))
        .isEqualTo(ANSWER);
    assertThat(answers.route().target()).hasToString("openai/gpt-4o-mini");
    assertThat(answers.cost()).isNotNull();
  }

  @Test
  void theSpringAiEmbeddingsFeedAVectorStoreForRag() {
    fake.respondByDefault("gpt-4o-mini", FakeResponse.text(ANSWER));

    SpringAiSnippets.Embeddings embeddings = SpringAiSnippets.embeddings(gateway);
    assertThat(embeddings.vector()).hasSize(64);
    assertThat(embeddings.response().getResults()).hasSize(2);

    String answer =
        SpringAiSnippets.rag(
            new SpringAiSnippets().chatModel(gateway),
            embeddings.model(),
            List.of(new org.springframework.ai.document.Document(ANSWER)),
            "What does the gateway do?");
    assertThat(answer).isEqualTo(ANSWER);
    assertThat(fake.requestCount("text-embedding-3-small")).isGreaterThanOrEqualTo(4);
  }
}
