package dev.llmgateway.provider.bedrock;

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

  /** Converse reports no reasoning-token count, so that count is not reported. */
  @Override
  protected Usage expectedUsage(long prompt, long completion, long cachedPrompt, long reasoning) {
    return new Usage(
        prompt,
        completion,
        cachedPrompt,
        0,
        0,
        EnumSet.complementOf(EnumSet.of(Usage.Count.REASONING)));
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
}
