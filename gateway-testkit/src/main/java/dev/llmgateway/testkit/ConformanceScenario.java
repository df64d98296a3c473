package dev.llmgateway.testkit;

/**
 * One part of the provider contract that {@link ProviderConformanceTest} checks. Each scenario is
 * one or more test methods of the suite; a provider that cannot take part in a scenario opts out of
 * it, with a reason, through {@link Conformance#without(ConformanceScenario, String)}, and the
 * scenario's tests are then reported as skipped with that reason.
 *
 * <p>Scenarios that {@linkplain #needsFakeLlmServer() need a FakeLlmServer} script the provider's
 * answer on the wire (an error status, a stalled body, a cut connection), so only a provider that
 * talks to a {@link FakeLlmServer} can run them. The others only need the provider to answer {@link
 * ProviderConformanceTest#QUESTION} with {@link ProviderConformanceTest#ANSWER}.
 */
public enum ConformanceScenario {
  /**
   * A plain chat call returns the answer's text with finish reason {@code STOP}, the model, the
   * provider's name and a non-zero usage.
   */
  PLAIN_ANSWER(false),
  /**
   * A streamed call delivers the answer in several chunks that assemble to the text of a plain
   * call, with the finish reason {@code STOP} and the usage on the last chunk, and then ends with
   * {@code null}.
   */
  STREAMING(false),
  /**
   * A stream hands out its first content chunk while the server still holds back the rest, and
   * reports the scripted usage (with cached prompt tokens) on its last chunk.
   */
  INCREMENTAL_STREAMING(true),
  /** A plain call reports the scripted usage, with cached prompt tokens, exactly. */
  USAGE(true),
  /**
   * A scripted tool call comes back whole from a plain call and as fragments that reassemble from a
   * stream; the tool result of a follow-up request reaches the server.
   */
  TOOL_CALLS(true),
  /** A JSON-object and a JSON-schema response format are accepted and the JSON comes back. */
  JSON_MODE(true),
  /**
   * An answer cut at the output limit reports finish reason {@code LENGTH}, and a refusal comes
   * back as {@code refusal()} (not as text) with {@code CONTENT_FILTER}, plain and streamed.
   */
  FINISH_REASONS(true),
  /**
   * HTTP 400, 401, 403, 404, 500 and 503 map to {@code INVALID_REQUEST}, {@code AUTHENTICATION},
   * {@code PERMISSION}, {@code NOT_FOUND} and {@code UNAVAILABLE}, plain and streamed.
   */
  ERROR_STATUSES(true),
  /** HTTP 429 maps to {@code RATE_LIMITED} and carries the server's {@code Retry-After}. */
  RATE_LIMIT(true),
  /** The provider's context-length error maps to {@code CONTEXT_LENGTH_EXCEEDED}. */
  CONTEXT_LENGTH(true),
  /**
   * An answer that stalls ends with {@code TIMEOUT} soon after the call's deadline, never hangs.
   */
  DEADLINE(true),
  /**
   * A call cancelled before it starts fails; a stream cancelled or closed between two chunks fails
   * on the next read; {@code close()} may be called more than once.
   */
  CANCELLATION(false),
  /**
   * A stream whose {@code next()} is blocked waiting for the server fails promptly when the call is
   * cancelled or the stream is closed from another thread.
   */
  CANCEL_BLOCKED_READ(true),
  /** Broken JSON, plain or streamed, maps to {@code MALFORMED_RESPONSE}. */
  MALFORMED_RESPONSE(true),
  /** A body that ends cleanly but too early fails, never ends silently. */
  TRUNCATED_RESPONSE(true),
  /**
   * A connection cut in the middle of a body fails, never ends silently; one reset before the
   * headers fails with {@code NETWORK}.
   */
  DROPPED_CONNECTION(true),
  /** The API key never appears in an exception, even when the server's error message quotes it. */
  SECRET_REDACTION(true),
  /**
   * Image generation returns the scripted images as bytes, and its errors map to their kinds.
   * Skipped, saying so, when {@code capabilities(imageModel()).images()} is false.
   */
  IMAGES(true),
  /**
   * A transcription returns the scripted text, plain and streamed, and its errors map to their
   * kinds. Skipped, saying so, when {@code capabilities(transcriptionModel()).transcription()} is
   * false.
   */
  TRANSCRIPTION(true),
  /**
   * Speech audio is streamed as it arrives, released on close, fails when cut short, and its errors
   * map to their kinds. Skipped, saying so, when {@code capabilities(speechModel()).speech()} is
   * false.
   */
  SPEECH(true),
  /**
   * A request with reasoning reaches the wire in the provider's reasoning form; the answer's
   * thinking (where the wire carries it) comes back as reasoning, never as text, plain and
   * streamed; reasoning tokens are reported where the wire carries them; the answer sent back as
   * the next turn is accepted (signatures intact). Skipped, with the reason, when the provider's
   * {@link dev.llmgateway.spi.Provider#capabilities(String) capabilities} for the suite's model
   * declare no reasoning.
   */
  REASONING(true),
  /**
   * A request with prompt-cache markers and a prompt cache key reaches the wire in the provider's
   * caching form, and the cache reads and writes come back in the usage, plain and streamed.
   * Skipped, with the reason, when the provider's capabilities declare no prompt caching.
   */
  PROMPT_CACHING(true);

  private final boolean needsFakeLlmServer;

  ConformanceScenario(boolean needsFakeLlmServer) {
    this.needsFakeLlmServer = needsFakeLlmServer;
  }

  /**
   * Whether the scenario scripts the provider's answer on a {@link FakeLlmServer}, and so runs only
   * for providers that talk to one.
   *
   * @return {@code true} if the scenario needs the provider to call the fake server
   */
  public boolean needsFakeLlmServer() {
    return needsFakeLlmServer;
  }
}
