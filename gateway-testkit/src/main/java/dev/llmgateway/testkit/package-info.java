/**
 * A scriptable fake LLM server for tests, examples and benchmarks.
 *
 * <p>{@link dev.llmgateway.testkit.FakeLlmServer} runs an HTTP server on the loopback interface
 * that speaks the OpenAI chat completions and embeddings wire format, JSON and server-sent events
 * alike. Answers are scripted with {@link dev.llmgateway.testkit.FakeResponse} (texts, tool calls,
 * errors, rate limits, malformed bodies, latency, pacing and connection faults); every request is
 * recorded as a {@link dev.llmgateway.testkit.RecordedCall}. {@link
 * dev.llmgateway.testkit.FakeLlmServerExtension} gives each JUnit 5 test a fresh server.
 *
 * <p>{@link dev.llmgateway.testkit.ProviderConformanceTest} is the provider conformance suite: a
 * provider's test extends it, says how to create the provider, and runs every scenario of the
 * provider contract through the provider's real HTTP path against a {@code FakeLlmServer}; {@link
 * dev.llmgateway.testkit.Conformance} declares the {@link
 * dev.llmgateway.testkit.ConformanceScenario scenarios} a provider opts out of, each with its
 * reason.
 */
@NullMarked
package dev.llmgateway.testkit;

import org.jspecify.annotations.NullMarked;
