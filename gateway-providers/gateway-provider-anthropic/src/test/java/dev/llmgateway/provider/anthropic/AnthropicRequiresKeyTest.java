package dev.llmgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import org.junit.jupiter.api.Test;

/** Anthropic always needs a key: the client fails {@code build()} for a provider without one. */
class AnthropicRequiresKeyTest {

  @Test
  void anthropicRequiresAKeyWhateverTheBaseUrl() {
    AnthropicProviderFactory factory = new AnthropicProviderFactory();
    assertThat(factory.requiresKey(ProviderSettings.builder("claude", "anthropic").build()))
        .isTrue();
    assertThat(
            factory.requiresKey(
                ProviderSettings.builder("claude", "anthropic")
                    .baseUrl("http://127.0.0.1:8080")
                    .key(ProviderKey.of("k", Secret.of("sk-ant-test")))
                    .build()))
        .isTrue();
  }
}
