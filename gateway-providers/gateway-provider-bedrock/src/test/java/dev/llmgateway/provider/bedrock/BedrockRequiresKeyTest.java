package dev.llmgateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderSettings;
import org.junit.jupiter.api.Test;

/** Bedrock works without keys (the AWS credentials chain), so the client lets it build keyless. */
class BedrockRequiresKeyTest {

  @Test
  void bedrockNeedsNoKeyAndCreatesAKeylessProvider() {
    BedrockProviderFactory factory = new BedrockProviderFactory();
    ProviderSettings keyless =
        ProviderSettings.builder("bedrock", "bedrock").option("region", "us-east-1").build();
    assertThat(factory.requiresKey(keyless)).isFalse();
    try (Provider provider = factory.create(keyless)) {
      assertThat(provider.name()).isEqualTo("bedrock");
    }
  }
}
