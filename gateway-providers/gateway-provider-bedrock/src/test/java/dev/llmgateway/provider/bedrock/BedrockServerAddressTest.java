package dev.llmgateway.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderSettings;
import org.junit.jupiter.api.Test;

/** {@code serverAddress()}: the host requests go to, for {@code server.address} in traces. */
class BedrockServerAddressTest {
  @Test
  void isTheRegionsRuntimeHostOrTheEndpointOverride() {
    try (Provider regional =
            new BedrockProvider(
                ProviderSettings.builder("bedrock", "bedrock")
                    .option("region", "eu-west-3")
                    .key(BedrockTestSupport.KEY)
                    .build());
        Provider overridden =
            new BedrockProvider(
                ProviderSettings.builder("bedrock-vpc", "bedrock")
                    .option("region", "eu-west-3")
                    .baseUrl("https://vpce-0abc.bedrock-runtime.eu-west-3.vpce.amazonaws.com")
                    .key(BedrockTestSupport.KEY)
                    .build())) {
      assertThat(regional.serverAddress()).contains("bedrock-runtime.eu-west-3.amazonaws.com");
      assertThat(overridden.serverAddress())
          .contains("vpce-0abc.bedrock-runtime.eu-west-3.vpce.amazonaws.com");
    }
  }
}
