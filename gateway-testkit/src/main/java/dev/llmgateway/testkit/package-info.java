/**
 * A scriptable fake LLM server for tests, examples and benchmarks.
 *
 * <p>{@link dev.llmgateway.testkit.FakeLlmServer} runs an HTTP server on the loopback interface
 * that speaks the OpenAI chat completions and embeddings wire format, JSON and server-sent events
 * alike. Answers are scripted with {@link dev.llmgateway.testkit.FakeResponse} (texts, tool calls,
 * errors, rate limits, malformed bodies, latency, pacing and connection faults); every request is
 * recorded as a {@link dev.llmgateway.testkit.RecordedCall}. {@link
 * dev.llmgateway.testkit.FakeLlmServerExtension} gives each JUnit 5 test a fresh server.
 */
@NullMarked
package dev.llmgateway.testkit;

import org.jspecify.annotations.NullMarked;
