package dev.llmgateway.examples.snippets;

import dev.llmgateway.provider.openai.OpenAiProviderFactory;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.Conformance;
import dev.llmgateway.testkit.ConformanceScenario;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.ProviderConformanceTest;
import java.time.Duration;

/**
 * The snippets of docs/testing-providers.md. The nested classes compile against the test kit but do
 * not run (Surefire skips nested classes): the suite itself runs in each provider's module and, for
 * a provider without a server, in {@code FaqProviderConformanceTest}.
 */
final class ConformanceSnippets {
  private ConformanceSnippets() {}

  /** Stands for the factory of a provider of your own that speaks OpenAI's wire format. */
  static final class AcmeProviderFactory implements ProviderFactory {
    static final String TYPE = "acme";
    private final ProviderFactory wire = new OpenAiProviderFactory();

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public Provider create(ProviderSettings settings) {
      return wire.create(settings);
    }
  }

  // snippet: testing-conformance-http
  class AcmeConformanceTest extends ProviderConformanceTest {

    @Override
    protected ProviderFactory factory() {
      return new AcmeProviderFactory();
    }

    @Override
    protected ProviderSettings settings(FakeLlmServer server) {
      return ProviderSettings.builder("acme", AcmeProviderFactory.TYPE)
          .baseUrl(server.baseUrl())
          .key(KEY) // the suite's key; it must never show up in an exception
          .build();
    }
  }

  // end snippet: testing-conformance-http

  abstract static class OptingOut extends ProviderConformanceTest {
    // snippet: testing-opt-out
    @Override
    protected Conformance conformance() {
      return Conformance.fakeLlmServer()
          .without(ConformanceScenario.JSON_MODE, "the API has no JSON mode");
    }
    // end snippet: testing-opt-out
  }

  abstract static class Standalone extends ProviderConformanceTest {
    // snippet: testing-standalone
    @Override
    protected ProviderSettings settings(FakeLlmServer server) {
      return ProviderSettings.builder("faq", "faq")
          .option("answer.circuit breaker", ANSWER) // QUESTION asks about a circuit breaker
          .build();
    }

    @Override
    protected Conformance conformance() {
      return Conformance.standalone()
          .without(ConformanceScenario.TOOL_CALLS, "answers from a table and cannot call tools")
          .without(ConformanceScenario.DEADLINE, "answers at once from memory; nothing can stall")
      // ... one line per scenario that needs the server
      ;
    }
    // end snippet: testing-standalone
  }

  static void faults(FakeLlmServer server) {
    // snippet: testing-fault-ratio
    server.respondByDefault(FakeResponse.text("ok"));
    server.faultRatio(
        0.05,
        42,
        FakeResponse.error(503, "server_error", null, "Service unavailable"),
        FakeResponse.rateLimited(Duration.ofSeconds(1)),
        FakeResponse.connectionReset());
    // end snippet: testing-fault-ratio
  }
}
