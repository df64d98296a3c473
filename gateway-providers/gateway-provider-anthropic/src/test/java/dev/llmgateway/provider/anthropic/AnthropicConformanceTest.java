package dev.llmgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.ProviderConformanceTest;

/** The Anthropic provider against the test kit's Anthropic dialect: every conformance scenario. */
class AnthropicConformanceTest extends ProviderConformanceTest {

  @Override
  protected ProviderFactory factory() {
    return new AnthropicProviderFactory();
  }

  @Override
  protected ProviderSettings settings(FakeLlmServer server) {
    return ProviderSettings.builder("anthropic-conformance", AnthropicProviderFactory.TYPE)
        .baseUrl(server.anthropicBaseUrl())
        .key(KEY)
        .build();
  }

  @Override
  protected FakeResponse contextLengthExceeded() {
    return FakeResponse.error(
        400, "invalid_request_error", null, "prompt is too long: 208310 tokens > 200000 maximum");
  }

  /**
   * Anthropic's usage has no reasoning-token count (thinking tokens are part of output_tokens), so
   * that count is not reported.
   */
  @Override
  protected Usage expectedUsage(long prompt, long completion, long cachedPrompt, long reasoning) {
    return AnthropicTestSupport.anthropicUsage(prompt, completion, cachedPrompt, 0);
  }

  @Override
  protected String lengthFinishReason() {
    return "max_tokens";
  }

  @Override
  protected String expectedThoughts(String thoughts) {
    return thoughts;
  }

  @Override
  protected boolean asksForReasoning(JsonNode body) {
    return body.path("thinking").isObject();
  }

  /** The system prompt and the last tool carry cache_control. */
  @Override
  protected boolean carriesCacheMarkers(JsonNode body) {
    JsonNode tools = body.path("tools");
    return body.path("system").path(0).path("cache_control").isObject()
        && tools.path(tools.size() - 1).path("cache_control").isObject();
  }

  @Override
  protected Usage expectedCacheUsage(
      long prompt, long completion, long cacheRead, long cacheWrite) {
    return AnthropicTestSupport.anthropicUsage(prompt, completion, cacheRead, cacheWrite);
  }
}
