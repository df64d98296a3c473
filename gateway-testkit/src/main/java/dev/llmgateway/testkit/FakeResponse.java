package dev.llmgateway.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * One scripted answer of a {@link FakeLlmServer}: what to say (a text, tool calls, an error, a raw
 * body, embeddings) and how to say it (latency, pacing, connection faults).
 *
 * <pre>{@code
 * server.enqueue(FakeResponse.text("Paris").withUsage(12, 1, 0, 0));
 * server.enqueue(FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
 * server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(2)));
 * server.enqueue(FakeResponse.refusal("I'm sorry, I can't help with that."));
 * server.enqueue("gpt-4o-mini", FakeResponse.echo().withChunkDelay(Duration.ofMillis(20)));
 * }</pre>
 *
 * <p>Whether an answer goes out as one JSON object or as a stream of server-sent events is decided
 * by the request ({@code "stream": true}), not by the response: the same {@code FakeResponse} can
 * answer both. In a stream every server-sent event is one <em>chunk</em>: the first carries the
 * assistant role and empty content, then come the text deltas and tool-call fragments (together the
 * <em>content chunks</em>), then the chunk with the finish reason, an optional usage chunk and
 * {@code data: [DONE]}. A non-streamed body counts as a single (content) chunk. The chunk counts
 * taken by {@link #pauseStreamAfter}, {@link #dropConnectionAfter} and {@link #truncateAfter} refer
 * to these chunks.
 *
 * <p>Instances are immutable and thread-safe; every {@code with...} method returns a copy. The same
 * instance may be enqueued many times and used as a default for any number of requests.
 */
public final class FakeResponse {
  /**
   * The vector size {@link #echo()} uses for an embeddings request without a {@code dimensions}
   * parameter: 1536, the size of OpenAI's {@code text-embedding-3-small}.
   */
  public static final int DEFAULT_EMBEDDING_DIMENSIONS = 1536;

  /** What kind of answer this is. */
  enum Kind {
    ECHO,
    COMPLETION,
    ERROR,
    RAW,
    MALFORMED,
    EMBEDDINGS,
    /** An image, transcription or speech answer ({@link MediaScript}). */
    MEDIA
  }

  /** How a body ends. */
  enum Ending {
    COMPLETE,
    TRUNCATE,
    DROP,
    STALL,
    /** A stream that ends with the provider's mid-stream error event. */
    FAIL,
    /** No answer at all: the connection is reset before the status line. */
    RESET
  }

  /** A scripted tool call. */
  record ToolCallSpec(String id, String name, String argumentsJson) {}

  /** Scripted token counts. */
  record UsageSpec(long prompt, long completion, long cachedPrompt, long reasoning) {}

  private static final FakeResponse ECHO = new Builder(Kind.ECHO).build();
  private static final FakeResponse MALFORMED = new Builder(Kind.MALFORMED).build();
  private static final FakeResponse RESET = ECHO.withEnding(Ending.RESET, 0);

  private final Kind kind;
  private final @Nullable String text;
  private final List<ToolCallSpec> toolCalls;
  private final int status;
  private final @Nullable String errorType;
  private final @Nullable String errorCode;
  private final @Nullable String errorMessage;
  private final @Nullable String rawBody;
  private final int dimensions;
  private final @Nullable UsageSpec usage;
  private final @Nullable String finishReason;
  private final @Nullable String refusal;
  private final Map<String, String> headers;
  private final Duration latency;
  private final Duration chunkDelay;
  private final int chunkSize;
  private final int pauseAfter;
  private final @Nullable CountDownLatch gate;
  private final Ending ending;
  private final int endingAfter;
  private final long cacheWriteTokens;
  private final boolean echoRequestHeaders;
  private final @Nullable MediaScript media;
  private final @Nullable String reasoning;

  private FakeResponse(Builder b) {
    this.kind = b.kind;
    this.text = b.text;
    this.toolCalls = List.copyOf(b.toolCalls);
    this.status = b.status;
    this.errorType = b.errorType;
    this.errorCode = b.errorCode;
    this.errorMessage = b.errorMessage;
    this.rawBody = b.rawBody;
    this.dimensions = b.dimensions;
    this.usage = b.usage;
    this.finishReason = b.finishReason;
    this.refusal = b.refusal;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.latency = b.latency;
    this.chunkDelay = b.chunkDelay;
    this.chunkSize = b.chunkSize;
    this.pauseAfter = b.pauseAfter;
    this.gate = b.gate;
    this.ending = b.ending;
    this.endingAfter = b.endingAfter;
    this.cacheWriteTokens = b.cacheWriteTokens;
    this.echoRequestHeaders = b.echoRequestHeaders;
    this.media = b.media;
    this.reasoning = b.reasoning;
  }

  /**
   * Returns the default answer: it repeats the request back, deterministically.
   *
   * <p>A chat request is answered with {@code "Echo: "} followed by the text of the last {@code
   * user} message (the text parts of a multi-part content joined by a space). Token counts are
   * words, that is maximal runs of non-whitespace characters: {@code prompt_tokens} is the number
   * of words in the text content of all request messages, {@code completion_tokens} the number of
   * words in the answer (plus, for tool calls, one for the name and the words of the arguments),
   * cached and reasoning tokens are 0. An embeddings request is answered as by {@link
   * #embeddings(int)}, with the request's {@code dimensions} or {@value
   * #DEFAULT_EMBEDDING_DIMENSIONS}.
   *
   * @return the echo answer
   */
  public static FakeResponse echo() {
    return ECHO;
  }

  /**
   * Returns a chat answer with a fixed text and finish reason {@code stop}. Usage is counted as by
   * {@link #echo()} unless set with {@link #withUsage}.
   *
   * @param text the assistant's answer, may be empty
   * @return the answer
   */
  public static FakeResponse text(String text) {
    Builder b = new Builder(Kind.COMPLETION);
    b.text = Objects.requireNonNull(text, "text");
    return b.build();
  }

  /**
   * Returns a chat answer in which the model refuses, as each provider sends a refusal: OpenAI with
   * {@code "content": null}, the message in {@code message.refusal} (streamed as {@code
   * delta.refusal} pieces) and finish reason {@code stop}; Anthropic with no content, {@code
   * stop_reason: "refusal"} and the message as {@code stop_details.explanation} (on the {@code
   * message_delta} event in a stream; no {@code stop_details} for an empty message); Bedrock, whose
   * Converse API has no refusal message, with no content and stop reason {@code content_filtered}.
   * Usage is counted as by {@link #echo()}, the refusal's words as completion tokens. Add text
   * produced before the refusal (an Anthropic stream cut by its classifier) with {@code
   * FakeResponse.text(...).withRefusal(...)}.
   *
   * @param message the refusal message, may be empty
   * @return the answer
   */
  public static FakeResponse refusal(String message) {
    Builder b = new Builder(Kind.COMPLETION);
    b.refusal = Objects.requireNonNull(message, "message");
    return b.build();
  }

  /**
   * Returns a chat answer that calls one tool, with finish reason {@code tool_calls} and no text.
   * Add further calls with {@link #withToolCall}.
   *
   * @param id the tool call id, such as {@code "call_abc123"}
   * @param name the function name
   * @param argumentsJson the arguments as a JSON string, sent verbatim (it need not be valid JSON,
   *     which lets a test script a model that produces broken arguments)
   * @return the answer
   */
  public static FakeResponse toolCall(String id, String name, String argumentsJson) {
    return new Builder(Kind.COMPLETION).build().withToolCall(id, name, argumentsJson);
  }

  /**
   * Returns an OpenAI-style error: the given status with a body {@code
   * {"error":{"message":...,"type":...,"param":null,"code":...}}}.
   *
   * <pre>{@code
   * FakeResponse.error(401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided")
   * FakeResponse.error(400, "invalid_request_error", "context_length_exceeded", "Too long")
   * FakeResponse.error(500, "server_error", null, "The server had an error")
   * FakeResponse.error(529, "overloaded_error", null, "Overloaded")   // Anthropic
   * }</pre>
   *
   * <p>On Anthropic's {@code /v1/messages} the body is {@code
   * {"type":"error","error":{"type":...,"message":...}}}: {@code type} is the Anthropic error type
   * when it is one (else the type Anthropic uses for the status) and {@code code} is not sent.
   *
   * @param status the HTTP status, 100 to 599
   * @param type the error type, such as {@code invalid_request_error} or {@code server_error}
   * @param code the error code, such as {@code invalid_api_key}; null writes {@code "code":null}
   * @param message the human-readable message
   * @return the answer
   * @throws IllegalArgumentException if {@code status} is not between 100 and 599
   */
  public static FakeResponse error(int status, String type, @Nullable String code, String message) {
    Builder b = new Builder(Kind.ERROR);
    b.status = checkStatus(status);
    b.errorType = Objects.requireNonNull(type, "type");
    b.errorCode = code;
    b.errorMessage = Objects.requireNonNull(message, "message");
    return b.build();
  }

  /**
   * Returns a 429 rate-limit error with type {@code requests} and code {@code rate_limit_exceeded},
   * and the headers {@code Retry-After} (whole seconds, rounded up) and {@code retry-after-ms}
   * (milliseconds), as OpenAI sends them.
   *
   * @param retryAfter how long the client is asked to wait, zero or more
   * @return the answer
   * @throws IllegalArgumentException if {@code retryAfter} is negative
   */
  public static FakeResponse rateLimited(Duration retryAfter) {
    checkNotNegative("retryAfter", retryAfter);
    long millis = retryAfter.toMillis();
    long seconds = (millis + 999) / 1000;
    String wait = millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    return error(
            429,
            "requests",
            "rate_limit_exceeded",
            "Rate limit reached for requests per min (RPM). Please try again in " + wait + ".")
        .withHeader("Retry-After", Long.toString(seconds))
        .withHeader("retry-after-ms", Long.toString(millis));
  }

  /**
   * Returns a response with any status and a raw body, such as the HTML page of a proxy's 502. The
   * {@code Content-Type} is guessed from the body ({@code application/json} when it starts with
   * <code>&#123;</code> or {@code [}, {@code text/html} when it starts with {@code <}, {@code
   * text/plain} otherwise); override it with {@link #withHeader}.
   *
   * @param status the HTTP status, 100 to 599
   * @param rawBody the body, sent verbatim as UTF-8
   * @return the answer
   * @throws IllegalArgumentException if {@code status} is not between 100 and 599
   */
  public static FakeResponse status(int status, String rawBody) {
    Builder b = new Builder(Kind.RAW);
    b.status = checkStatus(status);
    b.rawBody = Objects.requireNonNull(rawBody, "rawBody");
    return b.build();
  }

  /**
   * Returns a 200 answer whose body is broken JSON (a chat completion cut off in the middle of a
   * string). In a stream, the first chunk is well formed, the second is a broken {@code data:}
   * line, and {@code data: [DONE]} follows.
   *
   * @return the answer
   */
  public static FakeResponse malformedJson() {
    return MALFORMED;
  }

  /**
   * Returns a fault instead of an answer: the server reads the request and then resets the
   * connection (a TCP RST) before it sends the status line or any header, as a crashed upstream or
   * a proxy that drops the connection does. The client sees an I/O error such as {@code Connection
   * reset} (a {@code NETWORK} error to the gateway), never an HTTP status. The request is recorded
   * and counted as usual; {@link #withLatency} delays the reset. The ending methods ({@link
   * #stall}, {@link #dropConnectionAfter}, ...) replace the reset with their own ending.
   *
   * <pre>{@code
   * server.enqueue(FakeResponse.connectionReset());
   * server.faultRatio(0.05, 42, FakeResponse.connectionReset(), FakeResponse.error(503, ...));
   * }</pre>
   *
   * @return the fault
   */
  public static FakeResponse connectionReset() {
    return RESET;
  }

  /**
   * Returns an embeddings answer with vectors of the given size. Each vector is derived from its
   * input alone: a pseudo-random sequence seeded with a 64-bit FNV-1a hash of the input's UTF-8
   * text, scaled to unit length, so the same input always gives the same vector, on any JVM. The
   * request's {@code encoding_format: "base64"} is honoured (little-endian float32). Usage counts
   * the words of the inputs (a token-id array counts one per id).
   *
   * @param dimensions the vector size, at least 1; it wins over the request's {@code dimensions}
   * @return the answer
   * @throws IllegalArgumentException if {@code dimensions} is less than 1
   */
  public static FakeResponse embeddings(int dimensions) {
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1 but was " + dimensions);
    }
    Builder b = new Builder(Kind.EMBEDDINGS);
    b.dimensions = dimensions;
    return b.build();
  }

  /**
   * Returns an image generation answer in which every generated image is {@code image}: as many as
   * the request asks for ({@code n} for OpenAI, {@code imageGenerationConfig.numberOfImages} for
   * Bedrock), as {@code b64_json} or, when the OpenAI request asks for {@code response_format:
   * "url"}, as a URL under {@code https://images.fake-llm.invalid/}. The OpenAI dialect reports
   * {@code usage} for {@code gpt-image*} models (prompt words as input tokens, 272 output tokens
   * per image) unless set with {@link #withUsage}, and a {@code revised_prompt} for {@code
   * dall-e-3}. {@link #echo()} answers image requests the same way with a 1x1 PNG whose colour is
   * derived from the prompt.
   *
   * @param image the image file's bytes, such as a PNG
   * @return the answer
   */
  public static FakeResponse image(byte[] image) {
    return media(
        new MediaScript(MediaScript.Type.IMAGE, Objects.requireNonNull(image, "image"), null));
  }

  /**
   * Returns a transcription answer with the given transcript, rendered in the format the request
   * asks for: {@code text}, {@code json} (with usage) or {@code verbose_json} (language {@code
   * english}, a duration of half a second per word, segments of up to 8 words, and words when
   * {@code timestamp_granularities[]} asks for them); streamed as {@code transcript.text.delta}
   * events (word by word, or {@link #withChunkSize} characters) and a {@code transcript.text.done}
   * event with the usage when the form says {@code stream=true}. Models whose name contains {@code
   * whisper} report {@code {"type": "duration", "seconds"}} and never stream (as {@code
   * whisper-1}); others report tokens: the transcript's words as audio input and output tokens and
   * the prompt's words as text input tokens, unless set with {@link #withUsage} (then {@code
   * prompt} input tokens, all audio, and {@code completion} output tokens). {@link #echo()}
   * transcribes the uploaded file's bytes read as UTF-8 text.
   *
   * @param transcript the text
   * @return the answer
   */
  public static FakeResponse transcription(String transcript) {
    return media(
        new MediaScript(
            MediaScript.Type.TRANSCRIPTION,
            null,
            Objects.requireNonNull(transcript, "transcript")));
  }

  /**
   * Returns a speech answer whose body is {@code audio}, with the media type of the requested
   * {@code response_format} ({@code audio/mpeg} for {@code mp3}), sent in chunks of 4096 bytes (or
   * {@link #withChunkSize} bytes) that {@link #pauseStreamAfter}, {@link #dropConnectionAfter} and
   * {@link #truncateAfter} count. {@link #echo()} answers with the UTF-8 bytes of the request's
   * {@code input}.
   *
   * @param audio the audio file's bytes
   * @return the answer
   */
  public static FakeResponse speech(byte[] audio) {
    return media(
        new MediaScript(MediaScript.Type.SPEECH, Objects.requireNonNull(audio, "audio"), null));
  }

  private static FakeResponse media(MediaScript script) {
    Builder b = new Builder(Kind.MEDIA);
    b.media = script;
    return b.build();
  }

  /**
   * Returns a copy that also calls the given tool. The calls are answered in the order they were
   * added; the finish reason becomes {@code tool_calls} unless set with {@link #withFinishReason}.
   * On a {@link #text} answer the result carries both the text and the calls.
   *
   * @param id the tool call id, such as {@code "call_abc123"}
   * @param name the function name
   * @param argumentsJson the arguments as a JSON string, sent verbatim
   * @return the copy
   * @throws IllegalStateException if this is not a chat answer ({@link #echo}, {@link #text} or
   *     {@link #toolCall})
   */
  public FakeResponse withToolCall(String id, String name, String argumentsJson) {
    checkChat("withToolCall");
    Builder b = toBuilder();
    b.toolCalls.add(
        new ToolCallSpec(
            Objects.requireNonNull(id, "id"),
            Objects.requireNonNull(name, "name"),
            Objects.requireNonNull(argumentsJson, "argumentsJson")));
    return b.build();
  }

  /**
   * Returns a copy that reports the given token usage instead of the counted one. The numbers are
   * written as given; note that OpenAI counts cached tokens within the prompt tokens and reasoning
   * tokens within the completion tokens. {@code total_tokens} is {@code prompt + completion}. An
   * embeddings answer uses only {@code prompt}.
   *
   * <p>An image or transcription answer uses {@code prompt} and {@code completion} as its input and
   * output tokens.
   *
   * @param prompt {@code usage.prompt_tokens}
   * @param completion {@code usage.completion_tokens}
   * @param cachedPrompt {@code usage.prompt_tokens_details.cached_tokens}
   * @param reasoning {@code usage.completion_tokens_details.reasoning_tokens}
   * @return the copy
   * @throws IllegalArgumentException if a count is negative
   * @throws IllegalStateException if this is an error, raw or malformed answer
   */
  public FakeResponse withUsage(long prompt, long completion, long cachedPrompt, long reasoning) {
    if (kind != Kind.EMBEDDINGS && kind != Kind.MEDIA) {
      checkChat("withUsage");
    }
    if (prompt < 0 || completion < 0 || cachedPrompt < 0 || reasoning < 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "token counts must not be negative but were prompt=%d, completion=%d,"
                  + " cachedPrompt=%d, reasoning=%d",
              prompt,
              completion,
              cachedPrompt,
              reasoning));
    }
    Builder b = toBuilder();
    b.usage = new UsageSpec(prompt, completion, cachedPrompt, reasoning);
    return b.build();
  }

  /**
   * Returns a copy with the given {@code finish_reason}, such as {@code length} or {@code
   * content_filter}. Defaults to {@code stop}, or {@code tool_calls} when the answer calls tools.
   *
   * @param finishReason the finish reason, written verbatim
   * @return the copy
   * @throws IllegalStateException if this is not a chat answer
   */
  public FakeResponse withFinishReason(String finishReason) {
    checkChat("withFinishReason");
    Builder b = toBuilder();
    b.finishReason = Objects.requireNonNull(finishReason, "finishReason");
    return b.build();
  }

  /**
   * Returns a copy in which the model refuses after the answer's text, if any (see {@link
   * #refusal(String)} for how each dialect renders it).
   *
   * @param message the refusal message, may be empty
   * @return the copy
   * @throws IllegalStateException if this is not a chat answer
   */
  public FakeResponse withRefusal(String message) {
    checkChat("withRefusal");
    Builder b = toBuilder();
    b.refusal = Objects.requireNonNull(message, "message");
    return b.build();
  }

  /**
   * Returns a copy in which the model reasons before it answers, with {@code thoughts} as its
   * thinking text, rendered as each provider returns reasoning when the request asks for it:
   *
   * <ul>
   *   <li>Anthropic: a {@code thinking} block before the text (streamed as {@code thinking_delta}
   *       and {@code signature_delta} events) when the request has {@code thinking}; with {@code
   *       thinking.display: "omitted"} its text is empty but its signature is still sent.
   *   <li>Bedrock: a {@code reasoningContent.reasoningText} block with a signature (streamed as
   *       {@code reasoningContent} deltas) when {@code additionalModelRequestFields} has {@code
   *       thinking}, {@code reasoning_config} or {@code reasoningConfig}.
   *   <li>OpenAI Responses: a {@code reasoning} output item, whose summary holds the thoughts when
   *       the request sets {@code reasoning.summary} (streamed as {@code
   *       response.reasoning_summary_text.delta} events) and whose {@code encrypted_content} is
   *       sent when the request's {@code include} asks for it.
   *   <li>OpenAI Chat Completions returns no thinking text; the dialect ignores it (script the
   *       reasoning tokens with {@link #withUsage}).
   * </ul>
   *
   * <p>Signatures (and encrypted content) are derived from the thoughts alone, so they are the same
   * on every run; the Anthropic and Bedrock dialects check the signatures of the thinking blocks a
   * request sends back and answer 400 ({@code invalid_request_error} / {@code ValidationException})
   * to a block that was modified, as the real APIs do.
   *
   * @param thoughts the thinking text, not empty
   * @return the copy
   * @throws IllegalArgumentException if {@code thoughts} is empty
   * @throws IllegalStateException if this is not a chat answer
   */
  public FakeResponse withReasoning(String thoughts) {
    checkChat("withReasoning");
    if (Objects.requireNonNull(thoughts, "thoughts").isEmpty()) {
      throw new IllegalArgumentException("thoughts must not be empty");
    }
    Builder b = toBuilder();
    b.reasoning = thoughts;
    return b.build();
  }

  /**
   * Returns a copy that sends the given response header, replacing a header of the same name
   * (ignoring case) set before or by default, such as {@code Content-Type}.
   *
   * @param name the header name
   * @param value the header value
   * @return the copy
   * @throws IllegalArgumentException if the name is empty
   */
  public FakeResponse withHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name must not be empty");
    }
    Builder b = toBuilder();
    b.headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
    b.headers.put(name, value);
    return b.build();
  }

  /**
   * Returns a copy that waits before sending the status line and headers, like a slow model's time
   * to first byte. The request is recorded (and {@link FakeLlmServer#takeRequest()} returns it)
   * before the wait. Defaults to zero.
   *
   * @param beforeHeaders the delay, zero or more
   * @return the copy
   * @throws IllegalArgumentException if the delay is negative
   */
  public FakeResponse withLatency(Duration beforeHeaders) {
    checkNotNegative("beforeHeaders", beforeHeaders);
    Builder b = toBuilder();
    b.latency = beforeHeaders;
    return b.build();
  }

  /**
   * Returns a copy that waits between two chunks of a stream (each chunk is flushed before the
   * wait). Defaults to zero.
   *
   * @param betweenChunks the delay, zero or more
   * @return the copy
   * @throws IllegalArgumentException if the delay is negative
   */
  public FakeResponse withChunkDelay(Duration betweenChunks) {
    checkNotNegative("betweenChunks", betweenChunks);
    Builder b = toBuilder();
    b.chunkDelay = betweenChunks;
    return b.build();
  }

  /**
   * Returns a copy that splits the streamed text into deltas of the given number of characters
   * (never splitting a surrogate pair); tool-call arguments are split the same way. By default text
   * is streamed word by word, each word with the whitespace before it ({@code "Echo:"}, {@code "
   * hi"}), and arguments in pieces of 8 characters.
   *
   * @param charsPerChunk characters per delta, at least 1
   * @return the copy
   * @throws IllegalArgumentException if {@code charsPerChunk} is less than 1
   */
  public FakeResponse withChunkSize(int charsPerChunk) {
    if (charsPerChunk < 1) {
      throw new IllegalArgumentException(
          "charsPerChunk must be at least 1 but was " + charsPerChunk);
    }
    Builder b = toBuilder();
    b.chunkSize = charsPerChunk;
    return b.build();
  }

  /**
   * Returns a copy that sends the first {@code chunks} chunks, flushes them, and then waits until
   * {@code gate} is counted down before sending the rest. This paces a stream deterministically:
   * the test reads the first chunks, then releases the gate. If {@code chunks} is at least the
   * number of chunks, the wait comes after the last chunk. {@link FakeLlmServer#close()} ends the
   * wait (and the response) without touching the gate.
   *
   * <pre>{@code
   * CountDownLatch gate = new CountDownLatch(1);
   * server.enqueue(FakeResponse.text("one two three").pauseStreamAfter(2, gate));
   * // read the role chunk and "one", then:
   * gate.countDown();
   * }</pre>
   *
   * @param chunks how many chunks to send before waiting, zero or more
   * @param gate the latch to wait for
   * @return the copy
   * @throws IllegalArgumentException if {@code chunks} is negative
   */
  public FakeResponse pauseStreamAfter(int chunks, CountDownLatch gate) {
    checkChunks(chunks);
    Builder b = toBuilder();
    b.pauseAfter = chunks;
    b.gate = Objects.requireNonNull(gate, "gate");
    return b.build();
  }

  /**
   * Returns a copy that sends at most {@code chunks} content chunks and then closes the socket in
   * the middle of the body (the {@code Content-Length} announces the whole body), so the client
   * sees an unexpected end of stream: no finish reason, no {@code [DONE]}. Replaces {@link
   * #truncateAfter} and {@link #stall}.
   *
   * @param chunks how many chunks to send, zero or more
   * @return the copy
   * @throws IllegalArgumentException if {@code chunks} is negative
   */
  public FakeResponse dropConnectionAfter(int chunks) {
    checkChunks(chunks);
    return withEnding(Ending.DROP, chunks);
  }

  /**
   * Returns a copy that sends at most {@code chunks} content chunks and then ends the body cleanly,
   * without the finish-reason chunk, usage chunk or {@code [DONE]}: a stream that just stops.
   * Replaces {@link #dropConnectionAfter} and {@link #stall}.
   *
   * @param chunks how many chunks to send, zero or more
   * @return the copy
   * @throws IllegalArgumentException if {@code chunks} is negative
   */
  public FakeResponse truncateAfter(int chunks) {
    checkChunks(chunks);
    return withEnding(Ending.TRUNCATE, chunks);
  }

  /**
   * Returns a copy that sends the status line and headers (and, in a stream, the first chunk) and
   * then nothing, until the client gives up and the server is closed. {@link FakeLlmServer#close()}
   * returns promptly even while a response stalls. Replaces {@link #dropConnectionAfter} and {@link
   * #truncateAfter}.
   *
   * @return the copy
   */
  public FakeResponse stall() {
    return withEnding(Ending.STALL, 0);
  }

  /**
   * Returns a copy that sends at most {@code chunks} content chunks of a stream and then the
   * provider's own mid-stream error event, and ends the body cleanly: no finish reason, no usage.
   * The Bedrock dialect sends an event-stream message of type {@code exception} with {@code
   * :exception-type} {@code errorType} and the payload {@code {"message": message}}; a non-streamed
   * request gets the same error as an HTTP error answer. The OpenAI Responses dialect sends a
   * {@code response.failed} event whose error has {@code errorType} as its {@code code} (after the
   * preamble when {@code chunks} is 2: {@code response.created}, {@code response.in_progress}, the
   * message item and its empty part). The OpenAI Chat Completions dialect does not render it yet
   * and sends the complete answer. Replaces {@link #dropConnectionAfter}, {@link #truncateAfter}
   * and {@link #stall}.
   *
   * <pre>{@code
   * server.enqueue(FakeResponse.text("one two three")
   *     .failStreamAfter(2, "ModelStreamErrorException", "The model stopped"));
   * }</pre>
   *
   * @param chunks how many chunks to send before the error, zero or more
   * @param errorType the provider's error type, such as {@code ThrottlingException}
   * @param message the error message
   * @return the copy
   * @throws IllegalArgumentException if {@code chunks} is negative
   * @throws IllegalStateException if this is not a chat answer
   */
  public FakeResponse failStreamAfter(int chunks, String errorType, String message) {
    checkChat("failStreamAfter");
    checkChunks(chunks);
    Builder b = toBuilder();
    b.ending = Ending.FAIL;
    b.endingAfter = chunks;
    // A chat answer has no error of its own, so the error fields carry the stream's failure.
    b.errorType = Objects.requireNonNull(errorType, "errorType");
    b.errorMessage = Objects.requireNonNull(message, "message");
    return b.build();
  }

  /**
   * Returns a copy that reports {@code tokens} prompt tokens as written to the provider's prompt
   * cache. Like the cached (read) tokens of {@link #withUsage}, they are part of the prompt tokens.
   * Dialects whose providers report cache writes (Bedrock's {@code cacheWriteInputTokens},
   * Anthropic's {@code cache_creation_input_tokens}) render them; the OpenAI dialect has no such
   * field and ignores them. Defaults to zero.
   *
   * @param tokens the prompt tokens written to the cache, zero or more
   * @return the copy
   * @throws IllegalArgumentException if {@code tokens} is negative
   * @throws IllegalStateException if this is not a chat answer
   */
  public FakeResponse withCacheWriteTokens(long tokens) {
    checkChat("withCacheWriteTokens");
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative but was " + tokens);
    }
    Builder b = toBuilder();
    b.cacheWriteTokens = tokens;
    return b.build();
  }

  /**
   * Returns a copy that quotes the request's headers back in its error text, as a proxy's error
   * page or a careless server does: every request header, credentials included ({@code
   * Authorization}, {@code x-api-key}, ...), verbatim, one {@code Name: value} line each, appended
   * after a line break to the error message of an {@link #error} answer or of a {@link
   * #failStreamAfter} stream error, or to the raw body of a {@link #status} answer. It lets a test
   * check that a client keeps the credentials it sent out of its errors and logs.
   *
   * <pre>{@code
   * server.enqueue(FakeResponse.error(401, "invalid_request_error", "invalid_api_key", "Bad key")
   *     .echoRequestHeaders());
   * // the client sees: {"error":{"message":"Bad key\nAuthorization: Bearer sk-...\n...", ...}}
   * }</pre>
   *
   * @return the copy
   * @throws IllegalStateException if this answer has no error text: not an {@link #error}, {@link
   *     #status} or {@link #failStreamAfter} answer
   */
  public FakeResponse echoRequestHeaders() {
    if (kind != Kind.ERROR && kind != Kind.RAW && ending != Ending.FAIL) {
      throw new IllegalStateException(
          "echoRequestHeaders applies to error(), status() and failStreamAfter() answers only,"
              + " not to "
              + this);
    }
    Builder b = toBuilder();
    b.echoRequestHeaders = true;
    return b.build();
  }

  /** Returns a short description for test failure messages. */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("FakeResponse{").append(kind.name().toLowerCase(Locale.ROOT));
    if (text != null) {
      s.append(", text=\"").append(text).append('"');
    }
    if (refusal != null) {
      s.append(", refusal=\"").append(refusal).append('"');
    }
    if (reasoning != null) {
      s.append(", reasoning=\"").append(reasoning).append('"');
    }
    for (ToolCallSpec call : toolCalls) {
      s.append(", toolCall=").append(call.name()).append(call.argumentsJson());
    }
    if (kind == Kind.ERROR || kind == Kind.RAW) {
      s.append(", status=").append(status);
    }
    if (errorCode != null) {
      s.append(", code=").append(errorCode);
    }
    if (kind == Kind.EMBEDDINGS) {
      s.append(", dimensions=").append(dimensions);
    }
    if (media != null) {
      s.append(", ").append(media.type().name().toLowerCase(Locale.ROOT));
      if (media.bytes() != null) {
        s.append('=').append(media.bytes().length).append(" bytes");
      }
    }
    if (ending != Ending.COMPLETE) {
      s.append(", ").append(ending.name().toLowerCase(Locale.ROOT));
      if (ending != Ending.STALL && ending != Ending.RESET) {
        s.append("After=").append(endingAfter);
      }
    }
    if (echoRequestHeaders) {
      s.append(", echoRequestHeaders");
    }
    return s.append('}').toString();
  }

  /**
   * This answer as sent to a request with the given headers: with the headers appended to its error
   * text if {@link #echoRequestHeaders()} asked for it, else itself.
   */
  FakeResponse forRequestHeaders(Map<String, String> requestHeaders) {
    if (!echoRequestHeaders) {
      return this;
    }
    StringBuilder quoted = new StringBuilder();
    requestHeaders.forEach(
        (name, value) -> quoted.append('\n').append(name).append(": ").append(value));
    Builder b = toBuilder();
    b.echoRequestHeaders = false;
    if (kind == Kind.RAW) {
      b.rawBody = rawBody + quoted;
    } else {
      b.errorMessage = errorMessage + quoted;
    }
    return b.build();
  }

  // Package-private accessors for the dialects and the server.

  Kind kind() {
    return kind;
  }

  @Nullable String text() {
    return text;
  }

  List<ToolCallSpec> toolCalls() {
    return toolCalls;
  }

  int status() {
    return status;
  }

  @Nullable String errorType() {
    return errorType;
  }

  @Nullable String errorCode() {
    return errorCode;
  }

  @Nullable String errorMessage() {
    return errorMessage;
  }

  @Nullable String rawBody() {
    return rawBody;
  }

  int dimensions() {
    return dimensions;
  }

  @Nullable UsageSpec usage() {
    return usage;
  }

  @Nullable String finishReason() {
    return finishReason;
  }

  @Nullable String refusal() {
    return refusal;
  }

  Map<String, String> headers() {
    return headers;
  }

  Duration latency() {
    return latency;
  }

  Duration chunkDelay() {
    return chunkDelay;
  }

  int chunkSize() {
    return chunkSize;
  }

  int pauseAfter() {
    return pauseAfter;
  }

  @Nullable CountDownLatch gate() {
    return gate;
  }

  Ending ending() {
    return ending;
  }

  int endingAfter() {
    return endingAfter;
  }

  long cacheWriteTokens() {
    return cacheWriteTokens;
  }

  @Nullable MediaScript media() {
    return media;
  }

  @Nullable String reasoning() {
    return reasoning;
  }

  private FakeResponse withEnding(Ending ending, int after) {
    Builder b = toBuilder();
    b.ending = ending;
    b.endingAfter = after;
    return b.build();
  }

  private void checkChat(String method) {
    if (kind != Kind.ECHO && kind != Kind.COMPLETION) {
      throw new IllegalStateException(method + " applies to chat answers only, not to " + this);
    }
  }

  private static int checkStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599 but was " + status);
    }
    return status;
  }

  private static void checkChunks(int chunks) {
    if (chunks < 0) {
      throw new IllegalArgumentException("chunks must not be negative but was " + chunks);
    }
  }

  private static void checkNotNegative(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative but was " + duration);
    }
  }

  private Builder toBuilder() {
    Builder b = new Builder(kind);
    b.text = text;
    b.toolCalls.addAll(toolCalls);
    b.status = status;
    b.errorType = errorType;
    b.errorCode = errorCode;
    b.errorMessage = errorMessage;
    b.rawBody = rawBody;
    b.dimensions = dimensions;
    b.usage = usage;
    b.finishReason = finishReason;
    b.refusal = refusal;
    b.headers.putAll(headers);
    b.latency = latency;
    b.chunkDelay = chunkDelay;
    b.chunkSize = chunkSize;
    b.pauseAfter = pauseAfter;
    b.gate = gate;
    b.ending = ending;
    b.endingAfter = endingAfter;
    b.cacheWriteTokens = cacheWriteTokens;
    b.echoRequestHeaders = echoRequestHeaders;
    b.media = media;
    b.reasoning = reasoning;
    return b;
  }

  private static final class Builder {
    final Kind kind;
    @Nullable String text;
    final List<ToolCallSpec> toolCalls = new ArrayList<>();
    int status = 200;
    @Nullable String errorType;
    @Nullable String errorCode;
    @Nullable String errorMessage;
    @Nullable String rawBody;
    int dimensions;
    @Nullable UsageSpec usage;
    @Nullable String finishReason;
    @Nullable String refusal;
    final Map<String, String> headers = new LinkedHashMap<>();
    Duration latency = Duration.ZERO;
    Duration chunkDelay = Duration.ZERO;
    int chunkSize;
    int pauseAfter = -1;
    @Nullable CountDownLatch gate;
    Ending ending = Ending.COMPLETE;
    int endingAfter;
    long cacheWriteTokens;
    boolean echoRequestHeaders;
    @Nullable MediaScript media;
    @Nullable String reasoning;

    Builder(Kind kind) {
      this.kind = kind;
    }

    FakeResponse build() {
      return new FakeResponse(this);
    }
  }
}
