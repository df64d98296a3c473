package dev.llmgateway.benchmarks;

import dev.llmgateway.model.ChatChunk;
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
import org.jspecify.annotations.Nullable;

/**
 * A provider that answers in the caller's thread without any I/O: the same answer as the lean
 * server's, made once. A client over it measures what the gateway's own stages cost (validation,
 * tenant, quota, budget, routing, the attempt steps, the usage record), with no adapter and no HTTP
 * call: what is left of a call when the provider costs nothing. Type {@value #TYPE}.
 */
final class InProcessProvider implements Provider {
  /** The provider type its factory registers. */
  static final String TYPE = "in-process";

  private final String name;
  private final ChatResponse answer;

  private InProcessProvider(String name) {
    this.name = name;
    this.answer =
        ChatResponse.of(
            "chatcmpl-in-process",
            name,
            Fixtures.MODEL,
            "A circuit breaker stops calls to a failing service for a while.",
            List.of(),
            FinishReason.STOP,
            Usage.of(24, 14));
  }

  /** Creates in-process providers by name; needs no key. */
  static final class Factory implements ProviderFactory {
    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public Provider create(ProviderSettings settings) {
      return new InProcessProvider(settings.name());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.ALL;
  }

  @Override
  public ChatResponse chat(ChatRequest request, ProviderCall call) {
    return answer;
  }

  @Override
  public ChunkStream stream(ChatRequest request, ProviderCall call) {
    return new ChunkStream() {
      private int sent;

      @Override
      public @Nullable ChatChunk next() {
        sent++;
        if (sent == 1) {
          return ChatChunk.text(answer.text());
        }
        if (sent == 2) {
          return new ChatChunk(
              answer.id(), answer.model(), "", List.of(), FinishReason.STOP, answer.usage());
        }
        return null;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
