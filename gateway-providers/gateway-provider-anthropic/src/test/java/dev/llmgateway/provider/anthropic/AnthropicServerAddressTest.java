package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import org.junit.jupiter.api.Test;

/** {@code serverAddress()}: the host requests go to, for {@code server.address} in traces. */
class AnthropicServerAddressTest {
  private static final ProviderKey KEY = ProviderKey.of("k", Secret.of("not-a-real-key"));

  @Test
  void isTheDefaultHostOrTheConfiguredOne() {
    AnthropicProviderFactory factory = new AnthropicProviderFactory();
    try (Provider hosted =
            factory.create(ProviderSettings.builder("claude", "anthropic").key(KEY).build());
        Provider proxied =
            factory.create(
                ProviderSettings.builder("claude-eu", "anthropic")
                    .baseUrl("https://llm-proxy.example.com/anthropic")
                    .key(KEY)
                    .build())) {
      assertThat(hosted.serverAddress()).contains("api.anthropic.com");
      assertThat(proxied.serverAddress()).contains("llm-proxy.example.com");
    }
  }
}
