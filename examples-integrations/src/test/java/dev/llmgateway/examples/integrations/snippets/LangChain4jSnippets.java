package dev.llmgateway.examples.integrations.snippets;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.store.embedding.EmbeddingStoreIngestor;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.langchain4j.GatewayChatModel;
import dev.llmgateway.langchain4j.GatewayChatRequestParameters;
import dev.llmgateway.langchain4j.GatewayChatResponseMetadata;
import dev.llmgateway.langchain4j.GatewayEmbeddingModel;
import dev.llmgateway.langchain4j.GatewayStreamingChatModel;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Route;
import java.util.List;

/** The snippets of docs/langchain4j.md. */
final class LangChain4jSnippets {
  private LangChain4jSnippets() {}

  /** What the streaming snippet shows the text in. */
  interface Ui {
    void append(String text);

    void done(TokenUsage usage);

    void failed(Throwable error);
  }

  /** The application's own holder of the tenant of the request being served. */
  static final class TenantHolder {
    private static final ThreadLocal<String> TENANT = ThreadLocal.withInitial(() -> "acme");

    private TenantHolder() {}

    static String current() {
      return TENANT.get();
    }
  }

  static String currentTenant() {
    return TenantHolder.current();
  }

  /** The answers of the snippets that ask something. */
  record Answers(Route route, Result<String> withTool, Result<String> withDocuments) {}

  static Answers aiService(GatewayClient gateway, List<Document> documents) {
    // snippet: langchain4j-ai-service
    interface Assistant {
      @SystemMessage("Use the tools for arithmetic.")
      Result<String> chat(String question);
    }

    class Calculator {
      @Tool("Multiplies two integers")
      long multiply(
          @P(name = "a", value = "a factor") long a, @P(name = "b", value = "another") long b) {
        return a * b;
      }
    }

    ChatModel model =
        GatewayChatModel.builder()
            .gateway(gateway) // your GatewayClient
            .model("assistant") // a gateway alias
            .context(RequestContext.tenant("acme").feature("assistant"))
            .build();

    Assistant assistant =
        AiServices.builder(Assistant.class).chatModel(model).tools(new Calculator()).build();

    Result<String> answer = assistant.chat("What is 6 times 7?");
    Route route = ((GatewayChatResponseMetadata) answer.finalResponse().metadata()).route();
    // end snippet: langchain4j-ai-service

    // The RAG snippet declares its own `assistant`: a method of a local class may, a nested block
    // of this method may not.
    class WithDocuments {
      Result<String> ask(String question) {
        // snippet: langchain4j-rag
        EmbeddingModel embeddings =
            GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();
        InMemoryEmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<>();
        EmbeddingStoreIngestor.builder()
            .embeddingModel(embeddings)
            .embeddingStore(store)
            .build()
            .ingest(documents);

        Assistant assistant =
            AiServices.builder(Assistant.class)
                .chatModel(model)
                .contentRetriever(
                    EmbeddingStoreContentRetriever.builder()
                        .embeddingStore(store)
                        .embeddingModel(embeddings)
                        .maxResults(3)
                        .build())
                .build();
        // end snippet: langchain4j-rag
        return assistant.chat(question);
      }
    }

    // snippet: langchain4j-context-supplier
    GatewayChatModel.builder()
        .gateway(gateway)
        .model("assistant")
        .context(() -> RequestContext.tenant(TenantHolder.current()))
        .build();
    // end snippet: langchain4j-context-supplier

    Assistant perCall =
        // snippet: langchain4j-request-transformer
        AiServices.builder(Assistant.class)
            .chatModel(model)
            .chatRequestTransformer(
                request ->
                    request.toBuilder()
                        .parameters(
                            request
                                .parameters()
                                .overrideWith(
                                    GatewayChatRequestParameters.builder()
                                        .context(RequestContext.tenant(currentTenant()))
                                        .build()))
                        .build())
            .build();
    // end snippet: langchain4j-request-transformer
    perCall.chat("Who am I?");
    return new Answers(route, answer, new WithDocuments().ask("How do budgets work?"));
  }

  static void streaming(GatewayClient gateway, Ui ui) {
    // snippet: langchain4j-streaming
    StreamingChatModel streaming =
        GatewayStreamingChatModel.builder().gateway(gateway).model("assistant").build();
    streaming.chat(
        "Tell me a story",
        new StreamingChatResponseHandler() {
          public void onPartialResponse(String text) {
            ui.append(text);
          }

          public void onCompleteResponse(ChatResponse response) {
            ui.done(response.tokenUsage());
          }

          public void onError(Throwable error) {
            ui.failed(error);
          }
        });
    // end snippet: langchain4j-streaming
  }
}
