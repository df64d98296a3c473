package dev.llmgateway.provider.openai;

import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.ProviderConformanceTest;

/**
 * The OpenAI provider's RESPONSES endpoint mode against the test kit's Responses dialect: every
 * conformance scenario, with a Responses-only model.
 */
class OpenAiResponsesConformanceTest extends ProviderConformanceTest {

  @Override
  protected ProviderFactory factory() {
    return new OpenAiProviderFactory();
  }

  @Override
  protected ProviderSettings settings(FakeLlmServer server) {
    return ProviderSettings.builder("openai-responses-conformance", OpenAiProviderFactory.TYPE)
        .baseUrl(server.baseUrl())
        .key(KEY)
        .build();
  }

  @Override
  protected EndpointMode endpointMode() {
    return EndpointMode.RESPONSES;
  }

  @Override
  protected String model() {
    return "gpt-5-codex";
  }

  /** The Responses API returns the reasoning summary the request asks for. */
  @Override
  protected String expectedThoughts(String thoughts) {
    return thoughts;
  }
}
