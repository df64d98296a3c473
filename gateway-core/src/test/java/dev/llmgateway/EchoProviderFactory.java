package dev.llmgateway;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import java.util.List;

/** Found through META-INF/services: type {@code echo}, answers with the last message's text. */
public final class EchoProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "echo";
  }

  @Override
  public Provider create(ProviderSettings settings) {
    return new Provider() {
      @Override
      public String name() {
        return settings.name();
      }

      @Override
      public Capabilities capabilities() {
        return Capabilities.CHAT_ONLY;
      }

      @Override
      public ChatResponse chat(ChatRequest request, ProviderCall call) {
        String text = request.messages().get(request.messages().size() - 1).text();
        return ChatResponse.of(
            "echo-1",
            settings.name(),
            request.model(),
            text,
            List.of(),
            FinishReason.STOP,
            Usage.ZERO);
      }

      @Override
      public ChunkStream stream(ChatRequest request, ProviderCall call) {
        return ScriptedChunkStream.of(ScriptedChunkStream.text(request.messages().get(0).text()));
      }
    };
  }
}
