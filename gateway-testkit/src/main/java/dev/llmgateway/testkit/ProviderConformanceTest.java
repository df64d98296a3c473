package dev.llmgateway.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * The provider conformance suite: an abstract JUnit 5 test class that any {@link Provider}, ours or
 * a custom one, extends to prove that it keeps the provider contract through its real code path:
 * plain and streamed answers, tool calls, JSON mode, usage and finish reasons, every error kind it
 * maps from HTTP, deadlines, cancellation, and malformed, truncated and dropped answers.
 *
 * <pre>{@code
 * class AcmeConformanceTest extends ProviderConformanceTest {
 *   @Override
 *   protected ProviderFactory factory() {
 *     return new AcmeProviderFactory();
 *   }
 *
 *   @Override
 *   protected ProviderSettings settings(FakeLlmServer server) {
 *     return ProviderSettings.builder("acme", "acme")
 *         .baseUrl(server.baseUrl())   // the fake server speaks the provider's wire format
 *         .key(KEY)
 *         .build();
 *   }
 * }
 * }</pre>
 *
 * <p><b>How it works.</b> Before each test the suite starts a {@link FakeLlmServer} and creates the
 * provider with {@link #createProvider(FakeLlmServer)} (by default {@code
 * factory().create(settings(server))}). Each test scripts the server's answer with {@link
 * FakeResponse} (an answer, a tool call, an error status, a stall, a cut connection), calls the
 * provider with {@link ProviderCall#of ProviderCall.of}{@code (KEY, timeout)}, and checks the
 * normalized result and, where it matters, the request the server received. Nothing of the provider
 * is mocked: the calls go through its HTTP client, its request writer and its response reader.
 * Every wait is bounded (latches, never sleeps), so a provider that hangs fails the test instead of
 * stalling the build. Every {@link ProviderException} the provider throws is checked to name the
 * provider and never to contain the API key.
 *
 * <p><b>Scenarios.</b> The tests are grouped into {@link ConformanceScenario}s. A provider runs all
 * of them by default ({@link Conformance#fakeLlmServer()}). One that cannot take part in a scenario
 * overrides {@link #conformance()} and opts out of it with a reason; the scenario's tests are then
 * reported as skipped with that reason, never silently passed:
 *
 * <pre>{@code
 * @Override
 * protected Conformance conformance() {
 *   return Conformance.fakeLlmServer()
 *       .without(ConformanceScenario.JSON_MODE, "the API has no JSON mode");
 * }
 * }</pre>
 *
 * <p>A provider that answers without calling the server (a rule engine, an in-process model)
 * declares {@link Conformance#standalone()}: it must answer {@link #QUESTION} with {@link #ANSWER},
 * and opt out of every scenario that needs the server to script the answer.
 *
 * <p><b>Other wire formats.</b> The suite uses only the dialect-neutral {@link FakeResponse} API,
 * so it runs against whichever wire format the {@link FakeLlmServer} speaks at the base URL the
 * provider is given. The few things that differ per wire format are hooks with defaults in the
 * OpenAI format: {@link #contextLengthExceeded()}, {@link #lengthFinishReason()}, {@link
 * #expectedUsage}, {@link #expectedThoughts}, {@link #asksForReasoning}, {@link
 * #carriesCacheMarkers} and {@link #expectedCacheUsage}; {@link #endpointMode()} picks the endpoint
 * of a provider with several.
 *
 * <p><b>Threads.</b> Tests of one instance run one at a time; the suite calls the provider from
 * helper threads (to bound each call, and to cancel a blocked read), as the gateway does.
 */
// "exports": JUnit is an optional dependency of this module (requires static), not re-exported; a
// test that uses this class reads JUnit itself.
@SuppressWarnings("exports")
public abstract class ProviderConformanceTest {
  /** The API key every call of the suite uses; it must never appear in an exception. */
  public static final String API_KEY = "test-key-123";

  /**
   * The key the suite's calls carry ({@link #API_KEY} with id {@code test}); use it in settings.
   */
  public static final ProviderKey KEY = ProviderKey.of("test", Secret.of(API_KEY));

  /** The user message of the suite's requests. */
  public static final String QUESTION = "What does a circuit breaker do?";

  /**
   * The answer the suite scripts, and the answer a {@linkplain Conformance#standalone() standalone}
   * provider must give to {@link #QUESTION}. Twelve words, so that a stream has many chunks.
   */
  public static final String ANSWER =
      "A circuit breaker stops calls to a failing service until it recovers.";

  /** The timeout of calls that are expected to finish: 10 seconds. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** The timeout of calls that the {@link ConformanceScenario#DEADLINE} scenario lets stall. */
  public static final Duration SHORT_DEADLINE = Duration.ofMillis(300);

  /**
   * How late after {@link #SHORT_DEADLINE} a stalled call may end: 5 seconds, generous so that a
   * slow build machine never fails the test, tight enough to catch a call that ignores its
   * deadline.
   */
  public static final Duration DEADLINE_SLACK = Duration.ofSeconds(5);

  /** The longest any single step of a test may take before the test fails as hung: 15 seconds. */
  public static final Duration HANG_LIMIT = Duration.ofSeconds(15);

  /** The id of the scripted tool call. */
  static final String TOOL_CALL_ID = "call_conformance_1";

  /** The scripted tool call's arguments. */
  static final String TOOL_ARGUMENTS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";

  /** The tool result sent in the follow-up request. */
  static final String TOOL_RESULT = "{\"celsius\":21,\"sky\":\"clear\"}";

  /** The JSON answer of the JSON-mode scenario. */
  static final String JSON_ANSWER = "{\"city\":\"Paris\",\"celsius\":21}";

  /**
   * How many chunks the server sends before pausing a stream. Enough for any wire format to have
   * sent its preamble and some text, far fewer than the chunks of {@link #ANSWER}.
   */
  static final int CHUNKS_BEFORE_PAUSE = 5;

  private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();
  private @Nullable Conformance conformance;
  private @Nullable FakeLlmServer server;
  private @Nullable Provider provider;
  private @Nullable ExecutorService readers;

  /** Creates the suite; JUnit calls it once per test. */
  protected ProviderConformanceTest() {}

  // Hooks.

  /**
   * The factory of the provider under test.
   *
   * @return the factory
   */
  protected abstract ProviderFactory factory();

  /**
   * The settings of the provider under test. A provider that speaks HTTP points its base URL at the
   * fake server, usually {@link FakeLlmServer#baseUrl()}, and adds {@link #KEY}; a {@linkplain
   * Conformance#standalone() standalone} provider ignores the server.
   *
   * @param server the running fake server of this test
   * @return the settings
   */
  protected abstract ProviderSettings settings(FakeLlmServer server);

  /**
   * Creates the provider under test. Defaults to {@code factory().create(settings(server))};
   * override it to wire the provider differently (a custom HTTP client, say).
   *
   * @param server the running fake server of this test
   * @return the provider; the suite closes it after the test
   * @throws RuntimeException if the provider cannot be created, which fails the test
   */
  protected Provider createProvider(FakeLlmServer server) {
    return factory().create(settings(server));
  }

  /**
   * Which scenarios the provider runs. Defaults to {@link Conformance#fakeLlmServer()}: all of
   * them, against the fake server.
   *
   * @return the conformance declaration
   */
  protected Conformance conformance() {
    return Conformance.fakeLlmServer();
  }

  /**
   * The model the suite's requests address. Defaults to {@code conformance-model}.
   *
   * @return the provider's model id
   */
  protected String model() {
    return "conformance-model";
  }

  /**
   * The scripted answer of the {@link ConformanceScenario#CONTEXT_LENGTH} scenario: the error the
   * provider's API returns when a prompt does not fit the model's context window. Defaults to
   * OpenAI's: HTTP 400, type {@code invalid_request_error}, code {@code context_length_exceeded}.
   *
   * @return the scripted error
   */
  protected FakeResponse contextLengthExceeded() {
    return FakeResponse.error(
        400,
        "invalid_request_error",
        "context_length_exceeded",
        "This model's maximum context length is 128000 tokens. However, your messages resulted in"
            + " 131072 tokens. Please reduce the length of the messages.");
  }

  /**
   * The finish reason, as the fake server writes it on the wire, of an answer cut at the output
   * limit. Defaults to OpenAI's {@code length}; Anthropic says {@code max_tokens}.
   *
   * @return the wire value given to {@link FakeResponse#withFinishReason}
   */
  protected String lengthFinishReason() {
    return "length";
  }

  /**
   * The normalized usage the provider must report for an answer scripted with {@link
   * FakeResponse#withUsage(long, long, long, long) withUsage(prompt, completion, cachedPrompt,
   * reasoning)}. Defaults to {@code new Usage(prompt, completion, cachedPrompt, 0, reasoning)} with
   * every count reported but the cache writes, which the OpenAI wire format has no field for;
   * override it for a wire format that carries other counts (a count it cannot carry is not
   * reported).
   *
   * @param prompt the scripted prompt tokens, cached ones included
   * @param completion the scripted completion tokens, reasoning ones included
   * @param cachedPrompt the scripted prompt tokens read from the cache
   * @param reasoning the scripted reasoning tokens
   * @return the usage the provider must report
   */
  protected Usage expectedUsage(long prompt, long completion, long cachedPrompt, long reasoning) {
    return new Usage(
        prompt,
        completion,
        cachedPrompt,
        0,
        reasoning,
        EnumSet.complementOf(EnumSet.of(Usage.Count.CACHE_WRITE_INPUT)));
  }

  /**
   * The endpoint mode of the suite's calls. Defaults to {@link EndpointMode#CHAT}; a provider with
   * several chat endpoints runs the suite once per endpoint, in a subclass per mode.
   *
   * @return the mode every call of the suite carries
   */
  protected EndpointMode endpointMode() {
    return EndpointMode.CHAT;
  }

  /**
   * The thinking text the provider must report for an answer scripted with {@link
   * FakeResponse#withReasoning withReasoning(thoughts)} to a request that asks for thoughts.
   * Defaults to {@code ""}: OpenAI's Chat Completions returns no thinking text. A wire format that
   * carries it (Anthropic, Bedrock, OpenAI Responses) returns {@code thoughts}.
   *
   * @param thoughts the scripted thinking text
   * @return the reasoning text the provider must report
   */
  protected String expectedThoughts(String thoughts) {
    return "";
  }

  /**
   * Whether a request body the provider sent asks for reasoning in its wire format. Defaults to
   * OpenAI's: a {@code reasoning_effort}, or a Responses {@code reasoning.effort}.
   *
   * @param body the request body as the server received it
   * @return {@code true} if the body asks for reasoning
   */
  protected boolean asksForReasoning(JsonNode body) {
    return body.path("reasoning_effort").isTextual()
        || body.path("reasoning").path("effort").isTextual();
  }

  /**
   * Whether a request body the provider sent carries its prompt-caching form for a request with a
   * cacheable system prompt, cacheable tools and the prompt cache key {@code conformance-cache}.
   * Defaults to OpenAI's: {@code prompt_cache_key} with that key (OpenAI caches prefixes on its own
   * and takes no markers).
   *
   * @param body the request body as the server received it
   * @return {@code true} if the body carries the provider's caching form
   */
  protected boolean carriesCacheMarkers(JsonNode body) {
    return "conformance-cache".equals(body.path("prompt_cache_key").asText(null));
  }

  /**
   * The normalized usage the provider must report for an answer scripted with {@code
   * withUsage(prompt, completion, cacheRead, 0)} and {@code withCacheWriteTokens(cacheWrite)}.
   * Defaults to OpenAI's: every count but cache writes, which its wire has no field for.
   *
   * @param prompt the scripted prompt tokens, cache reads and writes included
   * @param completion the scripted completion tokens
   * @param cacheRead the scripted prompt tokens read from the cache
   * @param cacheWrite the scripted prompt tokens written to the cache
   * @return the usage the provider must report
   */
  protected Usage expectedCacheUsage(
      long prompt, long completion, long cacheRead, long cacheWrite) {
    return new Usage(
        prompt,
        completion,
        cacheRead,
        0,
        0,
        EnumSet.complementOf(EnumSet.of(Usage.Count.CACHE_WRITE_INPUT)));
  }

  /**
   * The refusal the provider must report for an answer scripted with {@link
   * FakeResponse#refusal(String) refusal(message)}. Defaults to the message; a provider whose API
   * carries no refusal message (Bedrock's Converse says only {@code content_filtered}) returns
   * {@code null}.
   *
   * @param message the scripted refusal message
   * @return the refusal the provider must report, or {@code null} for none
   */
  protected @Nullable String expectedRefusal(String message) {
    return message;
  }

  /**
   * The model the {@link ConformanceScenario#IMAGES} scenario addresses. Defaults to {@link
   * #model()}; a provider that generates images only with some models names one of them.
   *
   * @return the provider's model id
   */
  protected String imageModel() {
    return model();
  }

  /**
   * The model the {@link ConformanceScenario#TRANSCRIPTION} scenario addresses. Defaults to {@link
   * #model()}.
   *
   * @return the provider's model id
   */
  protected String transcriptionModel() {
    return model();
  }

  /**
   * The model the {@link ConformanceScenario#SPEECH} scenario addresses. Defaults to {@link
   * #model()}.
   *
   * @return the provider's model id
   */
  protected String speechModel() {
    return model();
  }

  // What subclasses may use in tests of their own.

  /**
   * The running fake server of this test.
   *
   * @return the server
   * @throws IllegalStateException if no test is running
   */
  protected final FakeLlmServer server() {
    FakeLlmServer s = server;
    if (s == null) {
      throw new IllegalStateException("The FakeLlmServer runs only while a test runs");
    }
    return s;
  }

  /**
   * The provider under test, created for this test.
   *
   * @return the provider
   * @throws IllegalStateException if no test is running
   */
  protected final Provider provider() {
    Provider p = provider;
    if (p == null) {
      throw new IllegalStateException("The provider under test exists only while a test runs");
    }
    return p;
  }

  /**
   * The key the suite's calls carry, and whose secret must never appear in an exception. Defaults
   * to {@link #KEY}; override it for a provider whose keys have a format of their own (such as
   * Bedrock's {@code accessKeyId:secretAccessKey}), and add the same key in {@link
   * #settings(FakeLlmServer)}.
   *
   * @return the key
   */
  protected ProviderKey key() {
    return KEY;
  }

  /**
   * A fresh call with {@link #key()} and {@link #CALL_TIMEOUT}.
   *
   * @return the call
   */
  protected final ProviderCall call() {
    return call(CALL_TIMEOUT);
  }

  private ProviderCall call(Duration timeout) {
    return ProviderCall.of(key(), timeout).withEndpointMode(endpointMode());
  }

  /**
   * A request for {@link #model()} asking {@link #QUESTION}, with at most 200 output tokens.
   *
   * @return the request's builder, to add to
   */
  protected final ChatRequest.Builder request() {
    return ChatRequest.builder().model(model()).user(QUESTION).maxTokens(200);
  }

  // Lifecycle.

  /**
   * Starts the fake server and creates the provider under test.
   *
   * @throws RuntimeException if the provider cannot be created
   */
  @BeforeEach
  protected final void startServerAndProvider() {
    conformance = conformance();
    server = FakeLlmServer.start();
    provider = createProvider(server);
  }

  /** Releases every paused stream, closes the provider and stops the fake server. */
  @AfterEach
  protected final void closeProviderAndServer() {
    gates.forEach(CountDownLatch::countDown);
    ExecutorService r = readers;
    if (r != null) {
      r.shutdownNow();
    }
    try {
      if (provider != null) {
        provider.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  // PLAIN_ANSWER

  /**
   * A plain call returns the text, finish reason STOP, the model, the provider's name and usage.
   */
  @Test
  public final void answersAPlainCallWithTextStopModelProviderNameAndUsage() {
    runs(ConformanceScenario.PLAIN_ANSWER);
    assertTrue(provider().capabilities().chat(), "capabilities().chat() must be true");
    script(FakeResponse.text(ANSWER));

    ChatResponse answer = bounded("chat", () -> provider().chat(request().build(), call()));

    assertEquals(ANSWER, answer.text(), "text");
    assertEquals(FinishReason.STOP, answer.finishReason(), "finish reason");
    assertEquals(model(), answer.model(), "model");
    assertEquals(provider().name(), answer.provider(), "provider name");
    assertFalse(answer.id().isBlank(), "the answer has an id");
    assertTrue(answer.toolCalls().isEmpty(), "no tool calls");
    assertTrue(answer.usage().inputTokens() > 0, () -> "input tokens counted: " + answer.usage());
    assertTrue(answer.usage().outputTokens() > 0, () -> "output tokens counted: " + answer.usage());
    if (served()) {
      RecordedCall sent = server().takeRequest();
      assertEquals(model(), sent.model(), "the request names the model");
      assertFalse(sent.stream(), "a plain call does not ask for a stream");
      assertTrue(containsText(sent.bodyJson(), QUESTION), () -> "the question is sent: " + sent);
    }
  }

  // STREAMING

  /** A stream assembles to the answer, in several chunks, with STOP and usage on the last chunk. */
  @Test
  public final void streamsTheAnswerInSeveralChunksWithStopAndUsageOnTheLastChunk() {
    runs(ConformanceScenario.STREAMING);
    assertTrue(provider().capabilities().streaming(), "capabilities().streaming() must be true");
    script(FakeResponse.text(ANSWER));
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    List<ChatChunk> chunks =
        bounded(
            "a whole stream",
            () -> {
              try (ChunkStream stream = provider().stream(request().build(), call())) {
                List<ChatChunk> all = drain(stream, assembler);
                assertNull(stream.next(), "next() after the end returns null again");
                return all;
              }
            });

    ChatResponse whole = assembler.build(provider().name(), model());
    assertEquals(ANSWER, whole.text(), "the chunks assemble to the answer");
    assertTrue(
        chunks.stream().filter(ChatChunk::hasContent).count() >= 2,
        () -> "the answer comes in several content chunks, got " + chunks);
    assertEquals(FinishReason.STOP, whole.finishReason(), "finish reason");
    assertTrue(whole.toolCalls().isEmpty(), "no tool calls");
    Usage last = chunks.get(chunks.size() - 1).usage();
    assertTrue(
        last != null && last.outputTokens() > 0,
        () -> "the last chunk carries the usage, got " + chunks.get(chunks.size() - 1));
    if (served()) {
      assertTrue(server().takeRequest().stream(), "a streamed call asks for a stream");
    }
  }

  // INCREMENTAL_STREAMING

  /**
   * The first content chunk reaches the caller while the server still holds back the rest, and the
   * last chunk carries the scripted usage with cached prompt tokens.
   */
  @Test
  public final void handsOutTheFirstChunkBeforeTheServerSendsTheRestAndUsageLast() {
    runs(ConformanceScenario.INCREMENTAL_STREAMING);
    CountDownLatch gate = gate();
    script(
        FakeResponse.text(ANSWER)
            .withUsage(20, 12, 8, 3)
            .pauseStreamAfter(CHUNKS_BEFORE_PAUSE, gate));
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    try (ChunkStream stream =
        bounded("stream", () -> provider().stream(request().build(), call()))) {
      bounded(
          "the first content chunk, while the server holds back the rest of the stream",
          () -> nextContent(stream, assembler));
      String early = assembler.text();
      assertTrue(
          ANSWER.startsWith(early) && early.length() < ANSWER.length(),
          () -> "before the server sent the rest, only a part of the answer arrived: " + early);

      gate.countDown();
      List<ChatChunk> rest = bounded("the rest of the stream", () -> drain(stream, assembler));

      assertEquals(ANSWER, assembler.text(), "the chunks assemble to the answer");
      assertFalse(rest.isEmpty(), "chunks follow once the server sends the rest");
      assertEquals(
          expectedUsage(20, 12, 8, 3),
          rest.get(rest.size() - 1).usage(),
          "the last chunk carries the scripted usage");
      assertEquals(FinishReason.STOP, assembler.build(provider().name(), model()).finishReason());
    }
  }

  // USAGE

  /** A plain call reports the scripted usage, cached prompt and reasoning tokens included. */
  @Test
  public final void reportsTheScriptedUsageWithCachedPromptTokens() {
    runs(ConformanceScenario.USAGE);
    script(FakeResponse.text(ANSWER).withUsage(2048, 300, 1920, 128));

    ChatResponse answer = bounded("chat", () -> provider().chat(request().build(), call()));

    assertEquals(expectedUsage(2048, 300, 1920, 128), answer.usage(), "usage");
  }

  // TOOL_CALLS

  /** A scripted tool call comes back whole from a plain call, with finish reason TOOL_CALLS. */
  @Test
  public final void returnsAScriptedToolCallWholeFromAPlainCall() {
    runs(ConformanceScenario.TOOL_CALLS);
    assertTrue(provider().capabilities().tools(), "capabilities().tools() must be true");
    script(FakeResponse.toolCall(TOOL_CALL_ID, "get_weather", TOOL_ARGUMENTS));

    ChatResponse answer = bounded("chat", () -> provider().chat(toolRequest(), call()));

    assertEquals(1, answer.toolCalls().size(), () -> "one tool call: " + answer);
    assertToolCall(answer.toolCalls().get(0));
    assertEquals(FinishReason.TOOL_CALLS, answer.finishReason(), "finish reason");
    JsonNode sent = server().takeRequest().bodyJson();
    assertTrue(containsText(sent, "get_weather"), () -> "the tool is offered: " + sent);
  }

  /** A scripted tool call streamed in fragments reassembles into the whole call. */
  @Test
  public final void reassemblesAStreamedToolCallFromItsFragments() {
    runs(ConformanceScenario.TOOL_CALLS);
    script(FakeResponse.toolCall(TOOL_CALL_ID, "get_weather", TOOL_ARGUMENTS).withChunkSize(5));
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    List<ChatChunk> chunks =
        bounded(
            "a streamed tool call",
            () -> {
              try (ChunkStream stream = provider().stream(toolRequest(), call())) {
                return drain(stream, assembler);
              }
            });

    assertTrue(
        chunks.stream().filter(c -> !c.toolCalls().isEmpty()).count() >= 2,
        () -> "the arguments arrive in several fragments, got " + chunks);
    ChatResponse whole = assembler.build(provider().name(), model());
    assertEquals(1, whole.toolCalls().size(), () -> "one tool call: " + whole);
    assertToolCall(whole.toolCalls().get(0));
    assertEquals(FinishReason.TOOL_CALLS, whole.finishReason(), "finish reason");
  }

  /** The tool result of a follow-up request reaches the server, and the answer comes back. */
  @Test
  public final void sendsTheToolResultInTheFollowUpRequest() {
    runs(ConformanceScenario.TOOL_CALLS);
    script(FakeResponse.text("It is 21 degrees and clear in Paris."));
    ChatRequest followUp =
        toolRequest().toBuilder()
            .message(
                Message.assistant(
                    "", List.of(new ToolCall(TOOL_CALL_ID, "get_weather", TOOL_ARGUMENTS))))
            .message(Message.toolResult(TOOL_CALL_ID, TOOL_RESULT))
            .build();

    ChatResponse answer = bounded("chat", () -> provider().chat(followUp, call()));

    assertEquals("It is 21 degrees and clear in Paris.", answer.text(), "text");
    assertEquals(FinishReason.STOP, answer.finishReason(), "finish reason");
    JsonNode sent = server().takeRequest().bodyJson();
    assertTrue(containsText(sent, TOOL_CALL_ID), () -> "the tool call id is sent: " + sent);
    assertTrue(
        containsText(sent, TOOL_RESULT) || containsObject(sent, json(TOOL_RESULT)),
        () -> "the tool result is sent: " + sent);
  }

  // JSON_MODE

  /** A JSON-object and a JSON-schema response format are accepted and the JSON comes back. */
  @Test
  public final void acceptsJsonObjectAndJsonSchemaResponseFormats() {
    runs(ConformanceScenario.JSON_MODE);
    assertTrue(provider().capabilities().jsonMode(), "capabilities().jsonMode() must be true");
    script(FakeResponse.text(JSON_ANSWER));
    script(FakeResponse.text(JSON_ANSWER));
    ResponseFormat schema =
        ResponseFormat.jsonSchema(
            "weather",
            Map.of(
                "type",
                "object",
                "properties",
                Map.of("city", Map.of("type", "string"), "celsius", Map.of("type", "integer")),
                "required",
                List.of("city", "celsius"),
                "additionalProperties",
                false));

    ChatResponse object =
        bounded(
            "chat in JSON-object mode",
            () ->
                provider()
                    .chat(request().responseFormat(ResponseFormat.JSON_OBJECT).build(), call()));
    ChatResponse schemed =
        bounded(
            "chat in JSON-schema mode",
            () -> provider().chat(request().responseFormat(schema).build(), call()));

    assertEquals(json(JSON_ANSWER), json(object.text()), "the JSON object comes back");
    assertEquals(json(JSON_ANSWER), json(schemed.text()), "the schema's JSON comes back");
    assertEquals(2, server().requestCount(), "both requests reached the server");
  }

  // FINISH_REASONS

  /** An answer cut at the output limit reports finish reason LENGTH, plain and streamed. */
  @Test
  public final void reportsLengthWhenTheAnswerIsCutAtTheOutputLimit() {
    runs(ConformanceScenario.FINISH_REASONS);
    FakeResponse cut =
        FakeResponse.text("A circuit breaker stops").withFinishReason(lengthFinishReason());
    script(cut);
    script(cut);
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    ChatResponse plain = bounded("chat", () -> provider().chat(request().build(), call()));
    bounded(
        "a stream",
        () -> {
          try (ChunkStream stream = provider().stream(request().build(), call())) {
            return drain(stream, assembler);
          }
        });

    assertEquals(FinishReason.LENGTH, plain.finishReason(), "plain finish reason");
    assertEquals("A circuit breaker stops", plain.text(), "plain text");
    ChatResponse streamed = assembler.build(provider().name(), model());
    assertEquals(FinishReason.LENGTH, streamed.finishReason(), "streamed finish reason");
    assertEquals("A circuit breaker stops", streamed.text(), "streamed text");
  }

  /**
   * A refusal comes back as a refusal, never as the answer's text, with finish reason
   * CONTENT_FILTER, plain and streamed.
   */
  @Test
  public final void reportsARefusalAsSuchWithFinishReasonContentFilter() {
    runs(ConformanceScenario.FINISH_REASONS);
    String message = "I'm sorry, I can't help with that.";
    script(FakeResponse.refusal(message));
    script(FakeResponse.refusal(message));
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    ChatResponse plain = bounded("chat", () -> provider().chat(request().build(), call()));
    bounded(
        "a stream",
        () -> {
          try (ChunkStream stream = provider().stream(request().build(), call())) {
            return drain(stream, assembler);
          }
        });

    ChatResponse streamed = assembler.build(provider().name(), model());
    for (ChatResponse r : List.of(plain, streamed)) {
      String how = r == plain ? "plain" : "streamed";
      assertEquals(FinishReason.CONTENT_FILTER, r.finishReason(), how + " finish reason");
      assertEquals("", r.text(), how + " text: a refusal is not the answer");
      assertEquals(expectedRefusal(message), r.refusal(), how + " refusal");
    }
  }

  // ERROR_STATUSES

  /** HTTP 400 maps to INVALID_REQUEST, plain and streamed. */
  @Test
  public final void mapsBadRequestToInvalidRequest() {
    runs(ConformanceScenario.ERROR_STATUSES);
    assertStatusMaps(
        FakeResponse.error(
            400, "invalid_request_error", null, "Invalid value for 'temperature': 7 is above 2."),
        400,
        ErrorKind.INVALID_REQUEST);
  }

  /** HTTP 401 maps to AUTHENTICATION, plain and streamed. */
  @Test
  public final void mapsUnauthorizedToAuthentication() {
    runs(ConformanceScenario.ERROR_STATUSES);
    assertStatusMaps(
        FakeResponse.error(401, "authentication_error", null, "The API key was rejected."),
        401,
        ErrorKind.AUTHENTICATION);
  }

  /** HTTP 403 maps to PERMISSION, plain and streamed. */
  @Test
  public final void mapsForbiddenToPermission() {
    runs(ConformanceScenario.ERROR_STATUSES);
    assertStatusMaps(
        FakeResponse.error(
            403, "permission_error", null, "This key may not use the requested model."),
        403,
        ErrorKind.PERMISSION);
  }

  /** HTTP 404 maps to NOT_FOUND, plain and streamed. */
  @Test
  public final void mapsNotFoundToNotFound() {
    runs(ConformanceScenario.ERROR_STATUSES);
    assertStatusMaps(
        FakeResponse.error(404, "not_found_error", null, "The model does not exist."),
        404,
        ErrorKind.NOT_FOUND);
  }

  /** HTTP 500 maps to UNAVAILABLE, plain and streamed. */
  @Test
  public final void mapsInternalServerErrorToUnavailable() {
    runs(ConformanceScenario.ERROR_STATUSES);
    assertStatusMaps(
        FakeResponse.error(500, "server_error", null, "The server had an error."),
        500,
        ErrorKind.UNAVAILABLE);
  }

  /** HTTP 503 maps to UNAVAILABLE, plain and streamed. */
  @Test
  public final void mapsServiceUnavailableToUnavailable() {
    runs(ConformanceScenario.ERROR_STATUSES);
    assertStatusMaps(
        FakeResponse.error(503, "overloaded_error", null, "The engine is currently overloaded."),
        503,
        ErrorKind.UNAVAILABLE);
  }

  // RATE_LIMIT

  /** HTTP 429 maps to RATE_LIMITED with the server's Retry-After, plain and streamed. */
  @Test
  public final void mapsRateLimitToRateLimitedWithRetryAfter() {
    runs(ConformanceScenario.RATE_LIMIT);
    FakeResponse limited = FakeResponse.rateLimited(Duration.ofSeconds(2));
    script(limited);
    script(limited);

    for (ProviderException e :
        List.of(failsInChat(request().build(), call()), failsInStream(request().build(), call()))) {
      assertEquals(ErrorKind.RATE_LIMITED, e.kind(), () -> "kind of " + e);
      assertEquals(Optional.of(Duration.ofSeconds(2)), e.retryAfter(), () -> "retryAfter of " + e);
    }
  }

  // CONTEXT_LENGTH

  /** The provider's context-length error maps to CONTEXT_LENGTH_EXCEEDED, plain and streamed. */
  @Test
  public final void mapsAContextLengthErrorToContextLengthExceeded() {
    runs(ConformanceScenario.CONTEXT_LENGTH);
    script(contextLengthExceeded());
    script(contextLengthExceeded());

    for (ProviderException e :
        List.of(failsInChat(request().build(), call()), failsInStream(request().build(), call()))) {
      assertEquals(ErrorKind.CONTEXT_LENGTH_EXCEEDED, e.kind(), () -> "kind of " + e);
    }
  }

  // DEADLINE

  /**
   * A plain call whose answer never comes, or whose body stalls after the headers, ends with
   * TIMEOUT soon after its deadline.
   */
  @Test
  public final void endsAStalledPlainCallWithTimeoutSoonAfterItsDeadline() {
    runs(ConformanceScenario.DEADLINE);
    script(FakeResponse.text(ANSWER).withLatency(Duration.ofMinutes(5)));
    script(FakeResponse.text(ANSWER).stall());

    for (String what : List.of("headers never come", "body stalls")) {
      long start = System.nanoTime();
      ProviderException e = failsInChat(request().build(), call(SHORT_DEADLINE));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(ErrorKind.TIMEOUT, e.kind(), () -> what + ": kind of " + e);
      assertTrue(
          took.compareTo(SHORT_DEADLINE.plus(DEADLINE_SLACK)) < 0,
          () -> what + ": took " + took + " for a deadline of " + SHORT_DEADLINE);
    }
  }

  /** A stream that stalls after its first chunk ends with TIMEOUT soon after its deadline. */
  @Test
  public final void endsAStalledStreamWithTimeoutSoonAfterItsDeadline() {
    runs(ConformanceScenario.DEADLINE);
    script(FakeResponse.text(ANSWER).stall());

    long start = System.nanoTime();
    ProviderException e = failsInStream(request().build(), call(SHORT_DEADLINE));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertEquals(ErrorKind.TIMEOUT, e.kind(), () -> "kind of " + e);
    assertTrue(
        took.compareTo(SHORT_DEADLINE.plus(DEADLINE_SLACK)) < 0,
        () -> "took " + took + " for a deadline of " + SHORT_DEADLINE);
  }

  // CANCELLATION

  /** A call cancelled before it starts fails with a ProviderException, plain and streamed. */
  @Test
  public final void failsACallCancelledBeforeItStarts() {
    runs(ConformanceScenario.CANCELLATION);
    script(FakeResponse.text(ANSWER));
    script(FakeResponse.text(ANSWER));
    ProviderCall plain = call();
    plain.cancellation().cancel();
    ProviderCall streamed = call();
    streamed.cancellation().cancel();

    failsInChat(request().build(), plain);
    failsInStream(request().build(), streamed);
  }

  /** After the call is cancelled between two chunks, the next read fails instead of going on. */
  @Test
  public final void failsTheNextReadOfAStreamCancelledBetweenChunks() {
    runs(ConformanceScenario.CANCELLATION);
    script(FakeResponse.text(ANSWER));
    ProviderCall call = call();

    try (ChunkStream stream = bounded("stream", () -> provider().stream(request().build(), call))) {
      bounded("the first content chunk", () -> nextContent(stream, new ChatResponseAssembler()));
      call.cancellation().cancel();

      bounded("the read after cancel()", () -> nextFails(stream, "the call was cancelled"));
    }
  }

  /**
   * After the stream is closed between two chunks, the next read fails instead of going on; closing
   * again is harmless.
   */
  @Test
  public final void failsTheNextReadOfAStreamClosedBetweenChunksAndClosesTwiceQuietly() {
    runs(ConformanceScenario.CANCELLATION);
    script(FakeResponse.text(ANSWER));

    ChunkStream stream = bounded("stream", () -> provider().stream(request().build(), call()));
    try {
      bounded("the first content chunk", () -> nextContent(stream, new ChatResponseAssembler()));
      bounded("close()", () -> closeQuietly(stream));

      bounded("the read after close()", () -> nextFails(stream, "the stream was closed"));
    } finally {
      bounded("a second close()", () -> closeQuietly(stream));
    }
  }

  // CANCEL_BLOCKED_READ

  /** A read blocked waiting for the server fails promptly when the call is cancelled. */
  @Test
  public final void endsABlockedReadPromptlyWhenTheCallIsCancelled() {
    runs(ConformanceScenario.CANCEL_BLOCKED_READ);
    ProviderCall call = call();
    try (ChunkStream stream = pausedStream(call)) {
      assertBlockedReadEndsPromptly(stream, call.cancellation()::cancel, "cancel()");
    }
  }

  /** A read blocked waiting for the server fails promptly when another thread closes the stream. */
  @Test
  public final void endsABlockedReadPromptlyWhenTheStreamIsClosed() {
    runs(ConformanceScenario.CANCEL_BLOCKED_READ);
    try (ChunkStream stream = pausedStream(call())) {
      assertBlockedReadEndsPromptly(stream, stream::close, "close()");
    }
  }

  // MALFORMED_RESPONSE

  /** Broken JSON maps to MALFORMED_RESPONSE, plain and streamed. */
  @Test
  public final void mapsBrokenJsonToMalformedResponse() {
    runs(ConformanceScenario.MALFORMED_RESPONSE);
    script(FakeResponse.malformedJson());
    script(FakeResponse.malformedJson());

    ProviderException plain = failsInChat(request().build(), call());
    ProviderException streamed = failsInStream(request().build(), call());

    assertEquals(ErrorKind.MALFORMED_RESPONSE, plain.kind(), () -> "plain: kind of " + plain);
    assertEquals(
        ErrorKind.MALFORMED_RESPONSE, streamed.kind(), () -> "stream: kind of " + streamed);
  }

  // TRUNCATED_RESPONSE

  /**
   * An empty plain body, and a stream that ends cleanly before its end, fail as a kind the gateway
   * retries (MALFORMED_RESPONSE or NETWORK): never a silent end.
   */
  @Test
  public final void failsABodyThatEndsBeforeTheAnswerIsComplete() {
    runs(ConformanceScenario.TRUNCATED_RESPONSE);
    script(FakeResponse.text(ANSWER).truncateAfter(0));
    script(FakeResponse.text(ANSWER).truncateAfter(CHUNKS_BEFORE_PAUSE));

    assertCutShort(failsInChat(request().build(), call()), "plain");
    assertCutShort(failsInStream(request().build(), call()), "stream");
  }

  // DROPPED_CONNECTION

  /**
   * A connection cut in the middle of a plain or streamed body fails as a kind the gateway retries
   * (NETWORK or MALFORMED_RESPONSE): never a silent end.
   */
  @Test
  public final void failsWhenTheConnectionDropsInTheMiddleOfTheBody() {
    runs(ConformanceScenario.DROPPED_CONNECTION);
    script(FakeResponse.text(ANSWER).dropConnectionAfter(0));
    script(FakeResponse.text(ANSWER).dropConnectionAfter(CHUNKS_BEFORE_PAUSE));

    assertCutShort(failsInChat(request().build(), call()), "plain");
    assertCutShort(failsInStream(request().build(), call()), "stream");
  }

  /**
   * A connection reset before the status line, plain or streamed, fails as NETWORK without an HTTP
   * status: there is no answer to map.
   */
  @Test
  public final void failsWithNetworkWhenTheConnectionIsResetBeforeTheHeaders() {
    runs(ConformanceScenario.DROPPED_CONNECTION);
    script(FakeResponse.connectionReset());
    script(FakeResponse.connectionReset());

    for (ProviderException e :
        List.of(failsInChat(request().build(), call()), failsInStream(request().build(), call()))) {
      assertEquals(ErrorKind.NETWORK, e.kind(), () -> "kind of " + e);
      assertFalse(e.httpStatus().isPresent(), () -> "httpStatus of " + e);
    }
  }

  // SECRET_REDACTION

  /** An error message that quotes the API key reaches the caller without the key. */
  @Test
  public final void neverPutsTheApiKeyInAnExceptionEvenWhenTheServerQuotesIt() {
    runs(ConformanceScenario.SECRET_REDACTION);
    FakeResponse quoting =
        FakeResponse.error(
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided: "
                + key().secret().reveal()
                + ". You can find your API key in settings.");
    script(quoting);
    script(quoting);

    // failsInChat and failsInStream check every exception for the key.
    ProviderException plain = failsInChat(request().build(), call());
    ProviderException streamed = failsInStream(request().build(), call());

    assertEquals(ErrorKind.AUTHENTICATION, plain.kind(), () -> "plain: kind of " + plain);
    assertEquals(ErrorKind.AUTHENTICATION, streamed.kind(), () -> "stream: kind of " + streamed);
  }

  // IMAGES, TRANSCRIPTION, SPEECH: the checks live in MediaScenarios.

  /**
   * Images come back as the scripted bytes, one per image asked for; 400, 500 and 401 map to
   * INVALID_REQUEST, UNAVAILABLE and AUTHENTICATION without the key in any exception.
   */
  @Test
  public final void generatesTheScriptedImagesAndMapsImageErrors() {
    new MediaScenarios(this).images();
  }

  /**
   * A plain transcription returns the scripted text; a streamed one delivers deltas that assemble
   * to it and a last chunk with the whole result; errors map as for chat, plain and streamed.
   */
  @Test
  public final void transcribesPlainAndStreamedAndMapsTranscriptionErrors() {
    new MediaScenarios(this).transcription();
  }

  /**
   * Speech audio comes back byte for byte as the server sends it, the first bytes before the server
   * sends the rest; closing the stream fails the next read; a connection cut mid-audio fails the
   * read; errors map as for chat.
   */
  @Test
  public final void streamsTheSpeechAudioAndMapsSpeechErrors() {
    new MediaScenarios(this).speech();
  }

  // REASONING

  /** The thinking text the reasoning scenario scripts. */
  static final String THOUGHTS = "Breakers trip on repeated failures, so explain the states.";

  /**
   * Reasoning reaches the wire; the thinking comes back as reasoning, not text, plain and streamed;
   * reasoning tokens are reported; and the answer is accepted back as the next turn.
   */
  @Test
  public final void sendsReasoningAndReturnsThinkingApartFromTheTextPlainStreamedAndReplayed() {
    assumeTrue(
        provider().capabilities(model()).reasoning(),
        () -> getClass().getSimpleName() + " declares no reasoning for model " + model());
    runs(ConformanceScenario.REASONING);
    FakeResponse scripted =
        FakeResponse.text(ANSWER).withReasoning(THOUGHTS).withUsage(20, 40, 0, 24);
    script(scripted);
    script(scripted);
    script(FakeResponse.text("Closed, open and half-open."));
    ChatRequest request =
        ChatRequest.builder()
            .model(model())
            .user(QUESTION)
            .maxTokens(8_000)
            .reasoning(Reasoning.effort(ReasoningEffort.LOW).withThoughts())
            .build();
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    ChatResponse plain = bounded("chat", () -> provider().chat(request, call()));
    List<ChatChunk> chunks =
        bounded(
            "a stream",
            () -> {
              try (ChunkStream stream = provider().stream(request, call())) {
                return drain(stream, assembler);
              }
            });
    ChatRequest next = request.toBuilder().message(plain.toMessage()).user("Name them.").build();
    ChatResponse replayed = bounded("the next turn", () -> provider().chat(next, call()));

    assertEquals(ANSWER, plain.text(), "the text holds the answer only");
    assertEquals(expectedThoughts(THOUGHTS), plain.reasoningText(), "plain reasoning text");
    assertEquals(expectedUsage(20, 40, 0, 24), plain.usage(), "usage with reasoning tokens");
    ChatResponse streamed = assembler.build(provider().name(), model());
    assertEquals(ANSWER, streamed.text(), "the streamed text holds the answer only");
    assertEquals(expectedThoughts(THOUGHTS), streamed.reasoningText(), "streamed reasoning text");
    assertTrue(
        chunks.stream().noneMatch(c -> c.text().contains("explain the states")),
        () -> "no thinking in any chunk's text: " + chunks);
    assertEquals("Closed, open and half-open.", replayed.text(), "the next turn is accepted");
    JsonNode first = server().takeRequest().bodyJson();
    assertTrue(asksForReasoning(first), () -> "the request asks for reasoning: " + first);
    assertTrue(asksForReasoning(server().takeRequest().bodyJson()), "the stream asks too");
    server().takeRequest();
  }

  // PROMPT_CACHING

  /** Cache markers and the cache key reach the wire; cache reads and writes come back. */
  @Test
  public final void sendsCacheMarkersAndReportsCacheReadsAndWritesPlainAndStreamed() {
    assumeTrue(
        provider().capabilities(model()).promptCaching(),
        () -> getClass().getSimpleName() + " declares no prompt caching for model " + model());
    runs(ConformanceScenario.PROMPT_CACHING);
    FakeResponse scripted =
        FakeResponse.text(ANSWER).withUsage(2048, 12, 1536, 0).withCacheWriteTokens(256);
    script(scripted);
    script(scripted);
    ChatRequest request =
        ChatRequest.builder()
            .model(model())
            .message(Message.system("You explain software patterns in one sentence.").cacheable())
            .user(QUESTION)
            .tool(SampleRequests.WEATHER_TOOL)
            .cacheTools()
            .promptCacheKey("conformance-cache")
            .maxTokens(200)
            .build();
    ChatResponseAssembler assembler = new ChatResponseAssembler();

    ChatResponse plain = bounded("chat", () -> provider().chat(request, call()));
    bounded(
        "a stream",
        () -> {
          try (ChunkStream stream = provider().stream(request, call())) {
            return drain(stream, assembler);
          }
        });

    Usage expected = expectedCacheUsage(2048, 12, 1536, 256);
    assertEquals(expected, plain.usage(), "plain usage with cache reads and writes");
    assertEquals(expected, assembler.usage(), "streamed usage with cache reads and writes");
    for (int i = 0; i < 2; i++) {
      JsonNode sent = server().takeRequest().bodyJson();
      assertTrue(carriesCacheMarkers(sent), () -> "the request carries cache markers: " + sent);
    }
  }

  // Helpers.

  void runs(ConformanceScenario scenario) {
    Conformance c = Optional.ofNullable(conformance).orElseThrow();
    Optional<String> reason = c.optOutReason(scenario);
    assumeTrue(
        reason.isEmpty(),
        () -> getClass().getSimpleName() + " opts out of " + scenario + ": " + reason.orElse(""));
    if (scenario.needsFakeLlmServer() && !c.servedByFakeLlmServer()) {
      fail(
          scenario
              + " scripts the answer on the FakeLlmServer, but "
              + getClass().getSimpleName()
              + " declares a standalone provider: opt out with Conformance.standalone().without("
              + "ConformanceScenario."
              + scenario
              + ", \"<why>\")");
    }
  }

  boolean served() {
    return Optional.ofNullable(conformance).orElseThrow().servedByFakeLlmServer();
  }

  /** Scripts the next answer, when the provider is served by the fake server. */
  void script(FakeResponse response) {
    if (served()) {
      server().enqueue(response);
    }
  }

  CountDownLatch gate() {
    CountDownLatch gate = new CountDownLatch(1);
    gates.add(gate);
    return gate;
  }

  private ChatRequest toolRequest() {
    return ChatRequest.builder()
        .model(model())
        .user("What's the weather in Paris?")
        .tool(SampleRequests.WEATHER_TOOL)
        .maxTokens(200)
        .build();
  }

  private static void assertToolCall(ToolCall call) {
    assertEquals(TOOL_CALL_ID, call.id(), "tool call id");
    assertEquals("get_weather", call.name(), "tool name");
    assertEquals(json(TOOL_ARGUMENTS), json(call.argumentsJson()), "tool arguments");
  }

  private void assertStatusMaps(FakeResponse error, int status, ErrorKind kind) {
    script(error);
    script(error);
    for (ProviderException e :
        List.of(failsInChat(request().build(), call()), failsInStream(request().build(), call()))) {
      assertEquals(kind, e.kind(), () -> "HTTP " + status + ": kind of " + e);
      assertEquals(
          status, e.httpStatus().orElse(0), () -> "HTTP " + status + ": httpStatus of " + e);
    }
  }

  private static void assertCutShort(ProviderException e, String what) {
    assertTrue(
        e.kind() == ErrorKind.MALFORMED_RESPONSE || e.kind() == ErrorKind.NETWORK,
        () -> what + ": a body cut short is MALFORMED_RESPONSE or NETWORK, but was " + e);
  }

  /** Opens a stream whose server pauses after a few chunks, and reads its first content chunk. */
  private ChunkStream pausedStream(ProviderCall call) {
    script(FakeResponse.text(ANSWER).pauseStreamAfter(CHUNKS_BEFORE_PAUSE, gate()));
    ChunkStream stream = bounded("stream", () -> provider().stream(request().build(), call));
    try {
      bounded("the first content chunk", () -> nextContent(stream, new ChatResponseAssembler()));
    } catch (RuntimeException | Error e) {
      stream.close();
      throw e;
    }
    return stream;
  }

  private void assertBlockedReadEndsPromptly(ChunkStream stream, Runnable abort, String how) {
    AtomicReference<@Nullable Thread> reader = new AtomicReference<>();
    CompletableFuture<Throwable> outcome =
        CompletableFuture.supplyAsync(
            () -> {
              reader.set(Thread.currentThread());
              try {
                List<ChatChunk> read = new ArrayList<>();
                for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
                  read.add(chunk);
                }
                return new AssertionError(
                    "next() ended with null (a proper end) after "
                        + how
                        + ", although the server never finished; read "
                        + read);
              } catch (Throwable t) {
                return t;
              }
            },
            readers());
    awaitInsideNext(reader, stream, outcome);

    long start = System.nanoTime();
    bounded(how, () -> runQuietly(abort));
    Throwable thrown;
    try {
      thrown = outcome.get(HANG_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "next() was still blocked " + HANG_LIMIT + " after " + how + ": it must fail promptly");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the reader failed", e.getCause());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!(thrown instanceof ProviderException)) {
      throw new AssertionError(
          "a blocked next() must end with a ProviderException after " + how + ", but got " + thrown,
          thrown);
    }
    checkSafe((ProviderException) thrown);
    assertTrue(
        took.compareTo(DEADLINE_SLACK) < 0,
        () -> "next() ended " + took + " after " + how + ": that is not prompt");
  }

  /**
   * Waits until the reader thread is inside the stream's {@code next()} (or done), so that the
   * abort hits a blocked read. Polls the thread's stack, bounded by {@link #HANG_LIMIT}; should the
   * stack never show it, the abort still comes, and the contract still holds.
   */
  private static void awaitInsideNext(
      AtomicReference<@Nullable Thread> reader, ChunkStream stream, CompletableFuture<?> outcome) {
    Set<String> classes = new HashSet<>();
    for (Class<?> c = stream.getClass(); c != null; c = c.getSuperclass()) {
      classes.add(c.getName());
    }
    long deadline = System.nanoTime() + HANG_LIMIT.toNanos();
    while (!outcome.isDone() && System.nanoTime() < deadline) {
      Thread thread = reader.get();
      if (thread != null) {
        for (StackTraceElement frame : thread.getStackTrace()) {
          if ("next".equals(frame.getMethodName()) && classes.contains(frame.getClassName())) {
            // Inside next(): give it the chance to reach its blocking read, then abort.
            if (thread.getState() != Thread.State.RUNNABLE || insideIo(thread)) {
              return;
            }
          }
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Whether the thread's stack shows it reading from a socket or waiting in a selector. */
  private static boolean insideIo(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      String name = frame.getClassName();
      if (name.startsWith("java.net.") || name.startsWith("sun.nio.") || name.startsWith("okio.")) {
        return true;
      }
    }
    return false;
  }

  private ExecutorService readers() {
    ExecutorService r = readers;
    if (r == null) {
      r =
          Executors.newCachedThreadPool(
              task -> {
                Thread t = new Thread(task, "conformance-reader");
                t.setDaemon(true);
                return t;
              });
      readers = r;
    }
    return r;
  }

  /** Calls chat, which must fail with a ProviderException; returns it after checking it. */
  private ProviderException failsInChat(ChatRequest request, ProviderCall call) {
    return bounded(
        "chat",
        () -> {
          ChatResponse answer;
          try {
            answer = provider().chat(request, call);
          } catch (ProviderException e) {
            return checkSafe(e);
          } catch (RuntimeException e) {
            throw new AssertionError(
                "a provider must fail only with ProviderException, but chat threw " + e, e);
          }
          throw new AssertionError("expected a ProviderException, but chat answered " + answer);
        });
  }

  /**
   * Opens a stream and reads it to its end, which must fail with a ProviderException, either when
   * opening or when reading; returns it after checking it.
   */
  private ProviderException failsInStream(ChatRequest request, ProviderCall call) {
    return bounded(
        "stream",
        () -> {
          ChunkStream stream;
          try {
            stream = provider().stream(request, call);
          } catch (ProviderException e) {
            return checkSafe(e);
          } catch (RuntimeException e) {
            throw new AssertionError(
                "a provider must fail only with ProviderException, but stream threw " + e, e);
          }
          List<ChatChunk> read = new ArrayList<>();
          try (stream) {
            for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
              read.add(chunk);
            }
          } catch (ProviderException e) {
            return checkSafe(e);
          } catch (RuntimeException e) {
            throw new AssertionError(
                "a stream must fail only with ProviderException, but next() threw " + e, e);
          }
          throw new AssertionError(
              "expected the stream to fail, but it ended properly (null) after " + read);
        });
  }

  private @Nullable Void nextFails(ChunkStream stream, String because) {
    ChatChunk chunk;
    try {
      chunk = stream.next();
    } catch (ProviderException e) {
      checkSafe(e);
      return null;
    } catch (RuntimeException e) {
      throw new AssertionError(
          "a stream must fail only with ProviderException, but next() threw " + e, e);
    }
    throw new AssertionError(
        "next() must throw a ProviderException once "
            + because
            + ", but returned "
            + (chunk == null ? "null (a proper end)" : chunk));
  }

  private static @Nullable Void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      throw new AssertionError("close() and cancel() must never throw, but threw " + e, e);
    }
    return null;
  }

  private static @Nullable Void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      throw new AssertionError("close() and cancel() must never throw, but threw " + e, e);
    }
    return null;
  }

  /** Checks that an exception names the provider and nowhere contains the API key. */
  ProviderException checkSafe(ProviderException e) {
    assertEquals(provider().name(), e.provider(), () -> "provider() of " + e);
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>(List.of(e));
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(todo.size() - 1);
      if (!seen.add(t)) {
        continue;
      }
      String text = t + " " + t.getMessage() + " " + t.getLocalizedMessage();
      if (text.contains(key().secret().reveal())) {
        throw new AssertionError(
            "An exception shows the API key: "
                + t.getClass().getName()
                + " (in the chain of a "
                + e.kind()
                + " failure)");
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(List.of(t.getSuppressed()));
    }
    return e;
  }

  static <T> T bounded(String what, ThrowingSupplier<T> action) {
    return assertTimeoutPreemptively(
        HANG_LIMIT,
        action,
        () -> what + " did not finish within " + HANG_LIMIT + ": a provider must never hang");
  }

  private static ChatChunk nextContent(ChunkStream stream, ChatResponseAssembler assembler) {
    for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
      assembler.add(chunk);
      if (chunk.hasContent()) {
        return chunk;
      }
    }
    throw new AssertionError("the stream ended before any content chunk");
  }

  private static List<ChatChunk> drain(ChunkStream stream, ChatResponseAssembler assembler) {
    List<ChatChunk> chunks = new ArrayList<>();
    for (ChatChunk chunk; (chunk = stream.next()) != null; ) {
      assembler.add(chunk);
      chunks.add(chunk);
    }
    return chunks;
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** Whether a JSON tree holds a string equal to {@code text}. */
  static boolean containsText(JsonNode node, String text) {
    if (node.isTextual()) {
      return node.textValue().equals(text);
    }
    for (JsonNode child : node) {
      if (containsText(child, text)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a JSON tree holds an object equal to {@code expected}. */
  private static boolean containsObject(JsonNode node, JsonNode expected) {
    if (node.equals(expected)) {
      return true;
    }
    for (JsonNode child : node) {
      if (containsObject(child, expected)) {
        return true;
      }
    }
    return false;
  }
}
