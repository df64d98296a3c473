package dev.llmgateway.examples.integrations.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Route;
import dev.llmgateway.springai.GatewayChatModel;
import dev.llmgateway.springai.GatewayEmbeddingModel;
import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Flux;

/** The snippets of docs/spring-ai.md. */
final class SpringAiSnippets {

  /** What the ChatClient snippet gets back. */
  record Answers(String answer, Flux<String> words, Route route, Cost cost) {}

  static Answers chatClient(GatewayClient gateway) {
    // snippet: spring-ai-chat-client
    ChatModel model =
        GatewayChatModel.builder()
            .gateway(gateway) // your GatewayClient
            .model("assistant") // a gateway alias
            .context(RequestContext.tenant("acme").feature("support"))
            .build();
    ChatClient chat = ChatClient.builder(model).defaultSystem("Answer in one sentence.").build();

    String answer = chat.prompt().user("What does the gateway do?").call().content();

    Flux<String> words = chat.prompt().user("And when streaming?").stream().content();

    ChatResponse response = chat.prompt().user("Which target answered?").call().chatResponse();
    Route route = response.getMetadata().get(GatewayChatModel.ROUTE_METADATA);
    Cost cost = response.getMetadata().get(GatewayChatModel.COST_METADATA);
    // end snippet: spring-ai-chat-client
    return new Answers(answer, words, route, cost);
  }

  // snippet: spring-ai-beans
  @Bean
  ChatModel chatModel(GatewayClient gateway) {
    return GatewayChatModel.builder().gateway(gateway).model("assistant").build();
  }

  @Bean
  ChatClient chatClient(ChatModel chatModel) {
    return ChatClient.create(chatModel);
  }

  // end snippet: spring-ai-beans

  /** What the embeddings snippet gets back. */
  record Embeddings(EmbeddingModel model, float[] vector, EmbeddingResponse response) {}

  static Embeddings embeddings(GatewayClient gateway) {
    // snippet: spring-ai-embeddings
    EmbeddingModel embeddings =
        GatewayEmbeddingModel.builder().gateway(gateway).model("embed").build();
    float[] vector = embeddings.embed("hello");
    EmbeddingResponse response = embeddings.embedForResponse(List.of("a", "b"));
    // end snippet: spring-ai-embeddings
    return new Embeddings(embeddings, vector, response);
  }

  static String rag(
      ChatModel model, EmbeddingModel embeddings, List<Document> documents, String question) {
    // snippet: spring-ai-rag
    VectorStore store = SimpleVectorStore.builder(embeddings).build();
    store.add(documents);
    String answer =
        ChatClient.builder(model)
            .defaultAdvisors(QuestionAnswerAdvisor.builder(store).build())
            .build()
            .prompt()
            .user(question)
            .call()
            .content();
    // end snippet: spring-ai-rag
    return answer;
  }
}
