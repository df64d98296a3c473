package dev.llmgateway.provider.openai;

import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.ProviderConformanceTest;

/**
 * The OpenAI provider against the test kit's OpenAI dialect: every conformance scenario. The model
 * is a reasoning model, so that the reasoning scenario runs (Chat Completions returns no thinking
 * text; it checks {@code reasoning_effort} and the reasoning tokens).
 */
class OpenAiConformanceTest extends ProviderConformanceTest {

  @Override
  protected String model() {
    return "o4-mini";
  }

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
