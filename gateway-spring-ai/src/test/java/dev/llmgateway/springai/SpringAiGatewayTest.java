package dev.llmgateway.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;

/**
 * Acceptance 3: a Spring AI {@code ChatClient} call and stream run through the gateway with a
 * fallback scripted in the fake server and observed in the route.
 */
class SpringAiGatewayTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final List<String> fallbacks = new CopyOnWriteArrayList<>();
  private final List<String> tenants = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final CountDownLatch failed = new CountDownLatch(1);
  private final GatewayClient gateway =
      GatewayClient.builder()
          .provider(
              "main", p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("k-main")))
          .provider(
              "backup",
              p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("k-backup")))
          .alias(
              "smart",
              a ->
                  a.target("main", "gpt-a")
                      .target("backup", "gpt-b")
                      .strategy(RoutingStrategy.ordered()))
          .alias(
              "embed",
              a ->
                  a.target("main", "emb-a")
                      .target("backup", "emb-b")
                      .strategy(RoutingStrategy.ordered()))
          .retriesPerTarget(0)
          .retryBackoff(Duration.ZERO, Duration.ZERO)
          .eventListener(
              new GatewayEventListener() {
                @Override
                public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind why) {
                  fallbacks.add(from + " -> " + to + " (" + why + ")");
                }

                @Override
                public void callStart(CallInfo call) {
                  tenants.add(String.valueOf(call.context().tenant()));
                }

                @Override
                public void callFailed(CallInfo call, Throwable error) {
                  failures.add(error);
                  failed.countDown();
                }
              })
          .build();
  private final GatewayChatModel model =
      GatewayChatModel.builder()
          .gateway(gateway)
          .model("smart")
          .context(RequestContext.tenant("acme"))
          .build();

  @AfterEach
  void stop() {
    gateway.close();
    server.close();
  }

  private static FakeResponse unavailable() {
    return FakeResponse.error(503, "overloaded_error", null, "primary is down");
  }

  @Test
  void chatClientCallFallsBackAndCarriesTheRoute() {
    server.enqueue("gpt-a", unavailable());
    server.enqueue("gpt-b", FakeResponse.text("Hello from the backup").withUsage(11, 4, 0, 0));

    ChatResponse response =
        ChatClient.create(model)
            .prompt()
            .system("Be brief.")
            .user("Say hello")
            .call()
            .chatResponse();

    assertThat(response.getResult().getOutput().getText()).isEqualTo("Hello from the backup");
    assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
    assertThat(response.getMetadata().getUsage().getPromptTokens()).isEqualTo(11);
    assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(4);
    Route route = response.getMetadata().get(GatewayChatModel.ROUTE_METADATA);
    assertThat(route.target()).hasToString("backup/gpt-b");
    assertThat(route.attempts()).hasSize(2);
    assertThat((Cost) response.getMetadata().get(GatewayChatModel.COST_METADATA)).isNotNull();
    assertThat(fallbacks).containsExactly("main/gpt-a -> backup/gpt-b (UNAVAILABLE)");
    JsonNode body = server.takeRequest().bodyJson();
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(body.at("/messages/1/content").asText()).isEqualTo("Say hello");
  }

  @Test
  void chatClientStreamFallsBackBeforeItsFirstChunk() {
    server.enqueue("gpt-a", unavailable());
    server.enqueue("gpt-b", FakeResponse.text("streamed through the backup"));

    List<ChatResponse> responses =
        ChatClient.create(model).prompt().user("Stream it").stream()
            .chatResponse()
            .collectList()
            .block(Duration.ofSeconds(10));

    assertThat(responses).isNotNull().hasSizeGreaterThan(1);
    StringBuilder text = new StringBuilder();
    for (ChatResponse r : responses) {
      text.append(r.getResult().getOutput().getText());
    }
    assertThat(text).hasToString("streamed through the backup");
    ChatResponse last = responses.get(responses.size() - 1);
    assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
    Route route = last.getMetadata().get(GatewayChatModel.ROUTE_METADATA);
    assertThat(route.target()).hasToString("backup/gpt-b");
    assertThat(fallbacks).containsExactly("main/gpt-a -> backup/gpt-b (UNAVAILABLE)");
    RecordedCall streamed = null;
    for (RecordedCall c : server.requests()) {
      if ("gpt-b".equals(c.model())) {
        streamed = c;
      }
    }
    assertThat(streamed).isNotNull();
    assertThat(streamed.stream()).isTrue();
  }

  @Test
  void cancellingTheSubscriptionCancelsTheGatewayCall() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    server.respondByDefault(
        "gpt-a",
        FakeResponse.text("first chunk then a long pause")
            .withChunkSize(6)
            .pauseStreamAfter(2, gate));
    try {
      String first =
          ChatClient.create(model).prompt().user("x").stream()
              .content()
              .take(1)
              .blockFirst(Duration.ofSeconds(10));
      assertThat(first).isEqualTo("first ");
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(failures.get(0)).isInstanceOf(CancellationException.class);
    } finally {
      gate.countDown();
    }
  }

  @Test
  void theContextAttributesEveryCall() {
    server.respondByDefault("gpt-a", FakeResponse.text("ok"));
    ChatClient.create(model).prompt().user("x").call().content();
    ChatClient.create(model).prompt().user("y").stream()
        .content()
        .blockLast(Duration.ofSeconds(10));
    assertThat(tenants).containsExactly("acme", "acme");
  }

  @Test
  void chatClientStreamContentJoinsToTheAnswer() {
    server.respondByDefault("gpt-a", FakeResponse.text("one two three"));
    String joined =
        String.join(
            "",
            ChatClient.create(model).prompt().user("Count").stream()
                .content()
                .collectList()
                .block(Duration.ofSeconds(10)));
    assertThat(joined).isEqualTo("one two three");
  }

  @Test
  void aStreamThatFailsEverywhereErrors() {
    server.respondByDefault(unavailable());
    assertThatThrownBy(
            () ->
                ChatClient.create(model).prompt().user("x").stream()
                    .content()
                    .blockLast(Duration.ofSeconds(10)))
        .isInstanceOf(AllTargetsFailedException.class);
  }

  static final class Weather {
    final List<String> asked = new CopyOnWriteArrayList<>();

    @Tool(description = "The current temperature of a city in Celsius")
    int temperature(String city) {
      asked.add(city);
      return 21;
    }
  }

  @Test
  void chatClientToolsRunBetweenGatewayCalls() {
    server.enqueue("gpt-a", unavailable());
    server.enqueue(
        "gpt-b", FakeResponse.toolCall("call_7", "temperature", "{\"city\":\"Lisbon\"}"));
    server.enqueue("gpt-a", FakeResponse.text("It is 21 degrees in Lisbon."));
    Weather weather = new Weather();

    String answer =
        ChatClient.create(model)
            .prompt()
            .user("Weather in Lisbon?")
            .tools(weather)
            .call()
            .content();

    assertThat(answer).isEqualTo("It is 21 degrees in Lisbon.");
    assertThat(weather.asked).containsExactly("Lisbon");
    List<JsonNode> bodies = new ArrayList<>();
    for (RecordedCall c : server.requests()) {
      bodies.add(c.bodyJson());
    }
    assertThat(bodies).hasSize(3);
    assertThat(bodies.get(1).at("/tools/0/function/name").asText()).isEqualTo("temperature");
    JsonNode last = bodies.get(2).get("messages");
    assertThat(last.get(last.size() - 1).get("role").asText()).isEqualTo("tool");
    assertThat(last.get(last.size() - 1).get("tool_call_id").asText()).isEqualTo("call_7");
    assertThat(last.get(last.size() - 1).get("content").asText()).isEqualTo("21");
  }

  @Test
  void aRagQueryEmbedsAndGeneratesThroughTheGateway() {
    server.enqueue("emb-a", unavailable());
    server.respondByDefault("emb-a", FakeResponse.embeddings(16));
    server.respondByDefault("emb-b", FakeResponse.embeddings(16));
    server.enqueue("gpt-a", unavailable());
    server.enqueue("gpt-b", FakeResponse.text("Budgets reserve before and settle after."));
    GatewayEmbeddingModel embeddings =
        GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();
    SimpleVectorStore store = SimpleVectorStore.builder(embeddings).build();
    store.add(
        List.of(
            new Document("A circuit breaker opens after repeated failures."),
            new Document("Budgets reserve the worst case before each call."),
            new Document("Aliases name an ordered list of targets.")));
    assertThat(fallbacks).containsExactly("main/emb-a -> backup/emb-b (UNAVAILABLE)");

    // the fake's vectors depend on the text only: the same text retrieves its own document
    ChatResponse response =
        ChatClient.builder(model)
            .defaultAdvisors(
                QuestionAnswerAdvisor.builder(store)
                    .searchRequest(SearchRequest.builder().topK(1).build())
                    .build())
            .build()
            .prompt()
            .user("Budgets reserve the worst case before each call.")
            .call()
            .chatResponse();

    assertThat(response.getResult().getOutput().getText())
        .isEqualTo("Budgets reserve before and settle after.");
    Route route = response.getMetadata().get(GatewayChatModel.ROUTE_METADATA);
    assertThat(route.target()).hasToString("backup/gpt-b");
    RecordedCall generation = null;
    for (RecordedCall c : server.requests()) {
      if ("gpt-b".equals(c.model())) {
        generation = c;
      }
    }
    assertThat(generation).isNotNull();
    String prompt = generation.bodyJson().at("/messages/0/content").asText();
    assertThat(prompt).contains("Budgets reserve the worst case before each call.");
    assertThat(prompt).doesNotContain("circuit breaker").doesNotContain("Aliases name");
    // the documents (one failed attempt on the primary), then the query, through the gateway
    assertThat(server.requestCount("emb-b")).isGreaterThanOrEqualTo(1);
    assertThat(server.requestCount("emb-a") + server.requestCount("emb-b"))
        .isGreaterThanOrEqualTo(5);
  }

  @Test
  void embeddingsFallBackAndCarryTheRoute() {
    server.enqueue("emb-a", unavailable());
    server.respondByDefault("emb-a", FakeResponse.embeddings(8));
    server.respondByDefault("emb-b", FakeResponse.embeddings(8));
    GatewayEmbeddingModel embeddings =
        GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();

    EmbeddingResponse response = embeddings.embedForResponse(List.of("alpha", "beta"));

    assertThat(response.getResults()).hasSize(2);
    assertThat(response.getResults().get(0).getOutput()).hasSize(8);
    assertThat(response.getResults().get(1).getIndex()).isEqualTo(1);
    Route route = response.getMetadata().get(GatewayChatModel.ROUTE_METADATA);
    assertThat(route.target()).hasToString("backup/emb-b");
    // the fake's vectors depend on the text only: the primary, healthy again, gives the same one
    assertThat(embeddings.embed("alpha")).containsExactly(response.getResults().get(0).getOutput());
    assertThat(server.requestCount("emb-a")).isEqualTo(2);
    assertThat(fallbacks).contains("main/emb-a -> backup/emb-b (UNAVAILABLE)");
  }
}
