package dev.llmgateway.provider.openai;

import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.ProviderConformanceTest;

/** The OpenAI provider against the test kit's OpenAI dialect: every conformance scenario. */
class OpenAiConformanceTest extends ProviderConformanceTest {

  @Override
  protected ProviderFactory factory() {
    return new OpenAiProviderFactory();
  }

  @Override
  protected ProviderSettings settings(FakeLlmServer server) {
    return ProviderSettings.builder("openai-conformance", OpenAiProviderFactory.TYPE)
        .baseUrl(server.baseUrl())
        .key(KEY)
        .build();
  }
}
