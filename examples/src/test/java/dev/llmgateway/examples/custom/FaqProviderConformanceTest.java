package dev.llmgateway.examples.custom;

import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.Conformance;
import dev.llmgateway.testkit.ConformanceScenario;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.ProviderConformanceTest;

/**
 * The custom FAQ provider runs the provider conformance suite. It answers from a table, without a
 * server, so it is standalone: its table answers the suite's question with the suite's answer, and
 * it opts out, with a reason each, of the scenarios that script an answer on the fake server.
 */
class FaqProviderConformanceTest extends ProviderConformanceTest {

  @Override
  protected ProviderFactory factory() {
    return new FaqProviderFactory();
  }

  @Override
  protected ProviderSettings settings(FakeLlmServer server) {
    // QUESTION asks about a "circuit breaker"; the table answers it with ANSWER.
    return ProviderSettings.builder("faq", FaqProviderFactory.TYPE)
        .option("answer.circuit breaker", ANSWER)
        .build();
  }

  @Override
  protected Conformance conformance() {
    return Conformance.standalone()
        .without(
            ConformanceScenario.INCREMENTAL_STREAMING,
            "builds the whole answer in memory before the first chunk; there is no wire to pace")
        .without(
            ConformanceScenario.USAGE, "reports its own word counts; there is no scripted usage")
        .without(
            ConformanceScenario.TOOL_CALLS,
            "answers from a table and cannot call tools (capabilities().tools() is false)")
        .without(
            ConformanceScenario.JSON_MODE,
            "answers from a table and cannot answer in JSON (capabilities().jsonMode() is false)")
        .without(
            ConformanceScenario.FINISH_REASONS,
            "always gives its whole answer; it never stops at an output limit")
        .without(
            ConformanceScenario.ERROR_STATUSES, "talks to no server, so no HTTP status comes back")
        .without(ConformanceScenario.RATE_LIMIT, "has no quota, so nothing rate-limits it")
        .without(
            ConformanceScenario.CONTEXT_LENGTH,
            "has no context window; it reads only the last user message")
        .without(ConformanceScenario.DEADLINE, "answers at once from memory; nothing can stall")
        .without(
            ConformanceScenario.CANCEL_BLOCKED_READ,
            "next() never blocks: every chunk is already in memory")
        .without(
            ConformanceScenario.MALFORMED_RESPONSE, "parses nothing; its answers are Java strings")
        .without(
            ConformanceScenario.TRUNCATED_RESPONSE,
            "streams a complete in-memory list that cannot end early")
        .without(ConformanceScenario.DROPPED_CONNECTION, "has no connection to drop")
        .without(
            ConformanceScenario.SECRET_REDACTION,
            "uses no API key and never quotes a server's message");
  }
}
