package dev.llmgateway.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 2: a LangChain4j AI service with a tool, and a RAG query over an in-memory embedding
 * store, run through the gateway; the fake server fails the primary target and the route (and the
 * fallback events) show the backup answered.
 */
class LangChain4jGatewayTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final List<String> fallbacks = new CopyOnWriteArrayList<>();
  private final List<String> attributed = new CopyOnWriteArrayList<>();
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
                  attributed.add(call.kind() + ":" + call.context().tenant());
                }
              })
          .build();

  @AfterEach
  void stop() {
    gateway.close();
    server.close();
  }

  interface Assistant {
    Result<String> chat(String message);
  }

  static final class Calculator {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Tool("Adds two integers")
    int add(@P(name = "a", value = "the first") int a, @P(name = "b", value = "the second") int b) {
      calls.add(a + "+" + b);
      return a + b;
    }
  }

  private static FakeResponse unavailable() {
    return FakeResponse.error(503, "overloaded_error", null, "primary is down");
  }

  @Test
  void anAiServiceWithAToolRunsThroughTheGatewayAndFallsBack() {
    server.enqueue("gpt-a", unavailable());
    server.enqueue("gpt-a", unavailable());
    server.enqueue("gpt-b", FakeResponse.toolCall("call_1", "add", "{\"a\":2,\"b\":3}"));
    server.enqueue("gpt-b", FakeResponse.text("2 + 3 = 5"));
    Calculator calculator = new Calculator();
    Assistant assistant =
        AiServices.builder(Assistant.class)
            .chatModel(
                GatewayChatModel.builder()
                    .gateway(gateway)
                    .model("smart")
                    .context(RequestContext.tenant("acme").feature("calculator"))
                    .build())
            .tools(calculator)
            .build();

    Result<String> result = assistant.chat("What is 2 + 3?");

    assertThat(result.content()).isEqualTo("2 + 3 = 5");
    assertThat(calculator.calls).containsExactly("2+3");
    assertThat(result.toolExecutions()).hasSize(1);
    assertThat(result.toolExecutions().get(0).result()).isEqualTo("5");
    assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    GatewayChatResponseMetadata metadata =
        (GatewayChatResponseMetadata) result.finalResponse().metadata();
    assertThat(metadata.route().alias()).isEqualTo("smart");
    assertThat(metadata.route().target().toString()).isEqualTo("backup/gpt-b");
    assertThat(metadata.route().attempts()).hasSize(2);
    assertThat(metadata.route().attempts().get(0).target().toString()).isEqualTo("main/gpt-a");
    assertThat(fallbacks)
        .containsExactly(
            "main/gpt-a -> backup/gpt-b (UNAVAILABLE)", "main/gpt-a -> backup/gpt-b (UNAVAILABLE)");

    List<RecordedCall> toBackup = new ArrayList<>();
    for (RecordedCall c : server.requests()) {
      if ("gpt-b".equals(c.model())) {
        toBackup.add(c);
      }
    }
    assertThat(toBackup).hasSize(2);
    JsonNode first = toBackup.get(0).bodyJson();
    assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("add");
    assertThat(first.at("/tools/0/function/parameters/properties/a/type").asText())
        .isEqualTo("integer");
    JsonNode second = toBackup.get(1).bodyJson();
    JsonNode toolResult = second.get("messages").get(second.get("messages").size() - 1);
    assertThat(toolResult.get("role").asText()).isEqualTo("tool");
    assertThat(toolResult.get("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(toolResult.get("content").asText()).isEqualTo("5");
  }

  interface Librarian {
    Result<String> answer(String question);
  }

  @Test
  void aRagQueryEmbedsAndGeneratesThroughTheGateway() {
    server.enqueue("emb-a", unavailable());
    server.respondByDefault("emb-a", FakeResponse.embeddings(16));
    server.respondByDefault("emb-b", FakeResponse.embeddings(16));
    server.enqueue("gpt-a", unavailable());
    server.enqueue("gpt-b", FakeResponse.text("Circuit breakers stop calls to a failing target."));

    GatewayEmbeddingModel embeddings =
        GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();
    InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
    EmbeddingStoreIngestor.builder()
        .embeddingModel(embeddings)
        .embeddingStore(store)
        .build()
        .ingest(
            List.of(
                Document.from("A circuit breaker opens after repeated failures."),
                Document.from("Budgets reserve the worst case before each call."),
                Document.from("Aliases name an ordered list of targets.")));
    assertThat(fallbacks).containsExactly("main/emb-a -> backup/emb-b (UNAVAILABLE)");

    Librarian librarian =
        AiServices.builder(Librarian.class)
            .chatModel(GatewayChatModel.builder().gateway(gateway).model("smart").build())
            .contentRetriever(
                EmbeddingStoreContentRetriever.builder()
                    .embeddingStore(store)
                    .embeddingModel(embeddings)
                    .maxResults(1)
                    .build())
            .build();

    // the fake's vectors depend on the text only: the same text retrieves its own segment
    Result<String> result = librarian.answer("A circuit breaker opens after repeated failures.");

    assertThat(result.content()).isEqualTo("Circuit breakers stop calls to a failing target.");
    assertThat(result.sources()).hasSize(1);
    assertThat(result.sources().get(0).textSegment().text())
        .isEqualTo("A circuit breaker opens after repeated failures.");
    assertThat(((GatewayChatResponseMetadata) result.finalResponse().metadata()).route().target())
        .hasToString("backup/gpt-b");
    RecordedCall generation = null;
    for (RecordedCall c : server.requests()) {
      if ("gpt-b".equals(c.model())) {
        generation = c;
      }
    }
    assertThat(generation).isNotNull();
    assertThat(generation.body())
        .contains("information:\\nA circuit breaker opens after repeated failures.")
        .doesNotContain("Budgets")
        .doesNotContain("Aliases name");
    assertThat(server.requestCount("emb-a") + server.requestCount("emb-b")).isEqualTo(3);
  }

  @Test
  void aStreamFallsBackBeforeItsFirstChunkAndEndsWithTheRoute() throws Exception {
    server.enqueue("gpt-a", unavailable());
    server.enqueue("gpt-b", FakeResponse.text("streamed through the backup"));
    GatewayStreamingChatModel model =
        GatewayStreamingChatModel.builder().gateway(gateway).model("smart").build();
    StringBuilder partials = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    model.chat(
        "Say something",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            partials.append(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });

    ChatResponse response = done.get(10, TimeUnit.SECONDS);
    assertThat(partials).hasToString("streamed through the backup");
    assertThat(response.aiMessage().text()).isEqualTo("streamed through the backup");
    assertThat(((GatewayChatResponseMetadata) response.metadata()).route().target())
        .hasToString("backup/gpt-b");
    assertThat(fallbacks).containsExactly("main/gpt-a -> backup/gpt-b (UNAVAILABLE)");
  }

  @Test
  void aStreamThatFailsEverywhereEndsInOnError() throws Exception {
    server.respondByDefault(unavailable());
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    GatewayStreamingChatModel.builder()
        .gateway(gateway)
        .model("smart")
        .build()
        .chat(
            "Say something",
            new StreamingChatResponseHandler() {
              @Override
              public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
              }

              @Override
              public void onError(Throwable error) {
                done.completeExceptionally(error);
              }
            });
    assertThat(done)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(dev.llmgateway.error.AllTargetsFailedException.class);
  }

  @Test
  void aContextSupplierAttributesEachCallOnTheCallingThread() {
    server.respondByDefault("gpt-a", FakeResponse.text("ok"));
    server.respondByDefault("emb-a", FakeResponse.embeddings(4));
    ThreadLocal<String> tenant = new ThreadLocal<>();
    GatewayChatModel chat =
        GatewayChatModel.builder()
            .gateway(gateway)
            .model("smart")
            .context(() -> RequestContext.tenant(tenant.get()))
            .build();
    GatewayEmbeddingModel embed =
        GatewayEmbeddingModel.builder()
            .gateway(gateway)
            .model("embed")
            .context(() -> RequestContext.tenant(tenant.get()))
            .build();
    tenant.set("acme");
    chat.chat("hello");
    tenant.set("globex");
    chat.chat("hello");
    embed.embed("hello");
    assertThat(attributed).containsExactly("CHAT:acme", "CHAT:globex", "EMBED:globex");
  }

  @Test
  void aRequestsParametersCarryItsOwnContext() {
    server.respondByDefault("gpt-a", FakeResponse.text("ok"));
    GatewayChatModel chat =
        GatewayChatModel.builder()
            .gateway(gateway)
            .model("smart")
            .context(RequestContext.tenant("model-default"))
            .build();
    chat.chat(
        ChatRequest.builder()
            .messages(UserMessage.from("hello"))
            .parameters(
                GatewayChatRequestParameters.builder()
                    .context(RequestContext.tenant("initech"))
                    .temperature(0.5)
                    .build())
            .build());
    chat.chat("no parameters");

    Assistant perCall =
        AiServices.builder(Assistant.class)
            .chatModel(chat)
            .chatRequestTransformer(
                request ->
                    request.toBuilder()
                        .parameters(
                            request
                                .parameters()
                                .overrideWith(
                                    GatewayChatRequestParameters.builder()
                                        .context(RequestContext.tenant("per-call"))
                                        .build()))
                        .build())
            .build();
    perCall.chat("hi");

    assertThat(attributed).containsExactly("CHAT:initech", "CHAT:model-default", "CHAT:per-call");
    assertThat(server.takeRequest().bodyJson().get("temperature").asDouble()).isEqualTo(0.5);
  }

  @Test
  void jsonModeImagesAndParametersReachTheWire() {
    server.respondByDefault(
        "gpt-a", FakeResponse.text("{\"colour\":\"red\"}").withUsage(9, 4, 0, 0));
    GatewayChatModel model = GatewayChatModel.builder().gateway(gateway).model("smart").build();
    ChatRequest request =
        ChatRequest.builder()
            .messages(
                UserMessage.from(
                    TextContent.from("Which colour?"),
                    ImageContent.from("https://example.invalid/red.png")))
            .temperature(0.3)
            .maxOutputTokens(50)
            .stopSequences(List.of("END"))
            .responseFormat(
                ResponseFormat.builder()
                    .type(ResponseFormatType.JSON)
                    .jsonSchema(
                        JsonSchema.builder()
                            .name("colour")
                            .rootElement(
                                JsonObjectSchema.builder()
                                    .addStringProperty("colour")
                                    .required("colour")
                                    .build())
                            .build())
                    .build())
            .build();

    ChatResponse response = model.chat(request);

    assertThat(response.aiMessage().text()).isEqualTo("{\"colour\":\"red\"}");
    assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(9);
    assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(4);
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    JsonNode body = server.takeRequest().bodyJson();
    assertThat(body.get("model").asText()).isEqualTo("gpt-a");
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(body.at("/stop/0").asText()).isEqualTo("END");
    assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(body.at("/response_format/json_schema/name").asText()).isEqualTo("colour");
    assertThat(body.at("/response_format/json_schema/schema/properties/colour/type").asText())
        .isEqualTo("string");
    assertThat(body.at("/messages/0/content/1/image_url/url").asText())
        .isEqualTo("https://example.invalid/red.png");
  }
}
