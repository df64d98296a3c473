package dev.llmgateway.provider.bedrock;

import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import java.time.Duration;
import java.util.Map;

/** Shared fixtures: obviously fake credentials and a provider pointed at a fake server. */
final class BedrockTestSupport {
  static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
  static final String SECRET_ACCESS_KEY = "test-secret";
  static final ProviderKey KEY =
      ProviderKey.of("primary", Secret.of(ACCESS_KEY_ID + ":" + SECRET_ACCESS_KEY));

  private BedrockTestSupport() {}

  static ProviderSettings.Builder settings(FakeLlmServer server) {
    return ProviderSettings.builder("bedrock", "bedrock")
        .baseUrl(server.bedrockEndpoint())
        .option("region", "us-east-1")
        .key(KEY);
  }

  static BedrockProvider provider(FakeLlmServer server) {
    return new BedrockProvider(settings(server).build());
  }

  static ProviderCall call() {
    return call(Duration.ofSeconds(10));
  }

  static ProviderCall call(Duration timeout) {
    return new ProviderCall(KEY, timeout, new Cancellation(), Map.of(), "req-1");
  }

  static ProviderCall call(Duration timeout, Cancellation cancellation) {
    return new ProviderCall(KEY, timeout, cancellation, Map.of(), "req-1");
  }
}
