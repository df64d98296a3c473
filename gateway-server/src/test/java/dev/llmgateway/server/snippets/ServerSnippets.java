package dev.llmgateway.server.snippets;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.server.GatewayServer;
import dev.llmgateway.usage.UsageSink;
import java.nio.file.Path;

/** The snippets of docs/server.md (compiled; {@code SnippetsTest} in examples compares them). */
final class ServerSnippets {
  private ServerSnippets() {}

  static void embedded(GatewayEventListener myListener, UsageSink myWarehouseSink)
      throws Exception {
    // snippet: server-embedded
    try (GatewayServer server =
        GatewayServer.builder(Path.of("gateway.yaml"))
            .eventListener(myListener) // beside the server's metrics
            .usageSink(myWarehouseSink) // beside the server's /v1/usage totals
            .start()) {
      server.awaitStop();
    }
    // end snippet: server-embedded
  }

  static AnthropicClient anthropic() {
    // snippet: server-anthropic-java
    AnthropicClient client =
        AnthropicOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:8080")
            .apiKey(System.getenv("GATEWAY_KEY"))
            .build();
    // end snippet: server-anthropic-java
    return client;
  }

  static OpenAIClient openAi() {
    // snippet: server-openai-java
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl("http://127.0.0.1:8080/v1")
            .apiKey(System.getenv("GATEWAY_KEY"))
            .build();
    // end snippet: server-openai-java
    return client;
  }
}
