package dev.llmgateway;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Secret;
import java.time.Duration;

/** Shared helpers: requests and a builder wired to scripted providers. */
final class TestSupport {
  static final String FAKE_KEY = "test-key-123";

  private TestSupport() {}

  static ChatRequest request(String model) {
    return ChatRequest.builder().model(model).user("hello").build();
  }

  /** A builder with the providers (one fake key each), seeded, without backoff pauses. */
  static GatewayClient.Builder builder(ScriptedProvider... providers) {
    GatewayClient.Builder b =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(providers))
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .seed(42);
    for (ScriptedProvider p : providers) {
      b.provider(p.name, s -> s.type("scripted").apiKey(Secret.of(FAKE_KEY)));
    }
    return b;
  }
}
