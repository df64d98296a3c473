package dev.llmgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.Conformance;
import dev.llmgateway.testkit.ConformanceScenario;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.ProviderConformanceTest;
import java.util.EnumSet;
import org.jspecify.annotations.Nullable;

/**
 * The Bedrock provider, through the real AWS SDK, against the test kit's Bedrock dialect (JSON for
 * Converse, AWS event-stream frames for ConverseStream): every conformance scenario.
 */
class BedrockConformanceTest extends ProviderConformanceTest {

  @Override
  protected ProviderFactory factory() {
    return new BedrockProviderFactory();
  }

  @Override
  protected ProviderKey key() {
    return BedrockTestSupport.KEY;
  }

  @Override
  protected ProviderSettings settings(FakeLlmServer server) {
    return BedrockTestSupport.settings(server).build();
  }

  @Override
  protected FakeResponse contextLengthExceeded() {
    return FakeResponse.error(
        400, "ValidationException", null, "Input is too long for requested model.");
  }

  /** Converse has no refusal message: a refusal is only the stop reason content_filtered. */
  @Override
  protected @Nullable String expectedRefusal(String message) {
    return null;
  }

  /**
   * Converse reports no reasoning-token count, so that count is not reported; it sends the cache
   * counts only when the prompt cache was used.
   */
  @Override
  protected Usage expectedUsage(long prompt, long completion, long cachedPrompt, long reasoning) {
    return new Usage(
        prompt,
        completion,
        cachedPrompt,
        0,
        0,
        cachedPrompt > 0
            ? EnumSet.complementOf(EnumSet.of(Usage.Count.REASONING))
            : EnumSet.of(Usage.Count.INPUT, Usage.Count.OUTPUT));
  }

  @Override
  protected Conformance conformance() {
    return Conformance.fakeLlmServer()
        .without(
            ConformanceScenario.JSON_MODE,
            "Converse has no JSON response format; the provider declares jsonMode=false and the"
                + " router keeps JSON requests away from it");
  }

  @Override
  protected String imageModel() {
    return "amazon.nova-canvas-v1:0";
  }

  @Override
  protected String lengthFinishReason() {
    return "max_tokens";
  }

  /** A Claude model id, which takes thinking and cache points. */
  @Override
  protected String model() {
    return "anthropic.claude-sonnet-4-5-20250929-v1:0";
  }

  @Override
  protected String expectedThoughts(String thoughts) {
    return thoughts;
  }

  @Override
  protected boolean asksForReasoning(JsonNode body) {
    return body.path("additionalModelRequestFields").path("thinking").isObject();
  }

  /** The system prompt and the tools end with cachePoint blocks. */
  @Override
  protected boolean carriesCacheMarkers(JsonNode body) {
    JsonNode system = body.path("system");
    JsonNode tools = body.path("toolConfig").path("tools");
    return system.path(system.size() - 1).path("cachePoint").isObject()
        && tools.path(tools.size() - 1).path("cachePoint").isObject();
  }

  @Override
  protected Usage expectedCacheUsage(
      long prompt, long completion, long cacheRead, long cacheWrite) {
    return new Usage(
        prompt,
        completion,
        cacheRead,
        cacheWrite,
        0,
        EnumSet.complementOf(EnumSet.of(Usage.Count.REASONING)));
  }
}
