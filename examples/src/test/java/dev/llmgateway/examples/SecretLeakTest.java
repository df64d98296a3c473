package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import dev.llmgateway.usage.UsageRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * No API key, nor any fragment of 8 or more characters of one, reaches an exception (message,
 * {@code toString()}, causes, suppressed exceptions, printed stack trace), an event, a usage record
 * or a log line, whatever the provider echoes back and however it fails.
 *
 * <p>The parameterized test runs every error path of every provider (OpenAI, Anthropic, Bedrock and
 * the Groq profile of the OpenAI adapter) with the key echoed bare, as {@code Bearer <key>} and as
 * {@code x-api-key: <key>}, through a real {@link GatewayClient} (a chat and a stream call, with a
 * fallback target, so that the core's attempt loop, events, {@code AllTargetsFailedException} and
 * logs are all on the path). Every logger, the gateway's, Resilience4j's, the AWS SDK's and
 * Netty's, runs at TRACE into an in-memory logback appender while it runs.
 */
@ExtendWith(FakeLlmServerExtension.class)
class SecretLeakTest {
  private static final String MARKER = "[redacted]";

  private static final LogCapture logs = new LogCapture();
  private static @Nullable Level rootLevel;

  /** A provider under test: how to configure it, its key, and how its errors are shaped. */
  enum Provider {
    OPENAI("openai", "fakekey-Q7vX2mLp9RtZ4wKc8NbH3sYdT6uJ1eFg5hAi0oPqW3xE"),
    ANTHROPIC("anthropic", "fakekeyapi03-Zb4Nq8Tw2Lr6Yv0Kc3Mx7Hs1Pd5Gf9Ju4Ae8Wn2Rt6Yi0Oq_Ug7Sl3Dk"),
    BEDROCK("bedrock", "FAKEQ7VX2MLP9RTZ4WKC:wJalrXUtnFEMI/K7MDENG/bPxRfiCYq8NbH3sYdT6u"),
    GROQ("openai", "gsk_Lp9RtZ4wKc8NbH3sYdT6uJ1eFg5hAi0oPqW3xEQ7vX2mB8cV");

    final String type;
    final String key;

    Provider(String type, String key) {
      this.type = type;
      this.key = key;
    }

    GatewayClient client(FakeLlmServer server, GatewayEventListener listener, UsageCapture usage) {
      return GatewayClient.builder()
          .provider(
              "p",
              spec -> {
                spec.type(type).apiKey(Secret.of(key));
                switch (this) {
                  case OPENAI -> spec.baseUrl(server.baseUrl());
                  case GROQ -> spec.profile("groq").baseUrl(server.baseUrl());
                  case ANTHROPIC -> spec.baseUrl(server.anthropicBaseUrl());
                  case BEDROCK ->
                      spec.baseUrl(server.bedrockEndpoint()).option("region", "us-east-1");
                }
              })
          .alias("chat", a -> a.target("p", model("a")).fallback("p/" + model("b")))
          .maxAttempts(2)
          .retryBackoff(Duration.ZERO, Duration.ZERO)
          .seed(1)
          .eventListener(listener)
          .usage(u -> u.sink(usage))
          .build();
    }

    String model(String variant) {
      return switch (this) {
        case OPENAI -> "gpt-4o-mini-" + variant;
        case GROQ -> "llama-3.1-8b-instant-" + variant;
        case ANTHROPIC -> "claude-haiku-4-5-" + variant;
        case BEDROCK -> "amazon.nova-lite-v1:" + (variant.equals("a") ? 0 : 1);
      };
    }

    /** Whether the request carried the key (or, for Bedrock, its access key id) to the server. */
    boolean sentKey(RecordedCall call) {
      return switch (this) {
        case OPENAI, GROQ -> ("Bearer " + key).equals(call.header("authorization"));
        case ANTHROPIC -> key.equals(call.header("x-api-key"));
        case BEDROCK ->
            String.valueOf(call.header("authorization"))
                .contains("Credential=" + key.substring(0, key.indexOf(':')) + "/");
      };
    }

    /** A 200 body that is the provider's error object. */
    String errorObject(String message) {
      return switch (this) {
        case OPENAI, GROQ ->
            "{\"error\":{\"message\":"
                + quote(message)
                + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}";
        case ANTHROPIC ->
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":"
                + quote(message)
                + "},\"request_id\":\"req_1\"}";
        case BEDROCK -> "{\"message\":" + quote(message) + "}";
      };
    }

    /** A stream that starts, then reports an error in the provider's own way. */
    FakeResponse inStreamError(String message) {
      return switch (this) {
        case OPENAI, GROQ ->
            eventStream(
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n"
                    + "data: {\"error\":{\"message\":"
                    + quote(message)
                    + ",\"type\":\"server_error\",\"code\":null}}\n\n");
        case ANTHROPIC ->
            eventStream(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\","
                    + "\"model\":\"claude\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                    + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":"
                    + quote(message)
                    + "}}\n\n");
        case BEDROCK ->
            FakeResponse.text("partial answer")
                .failStreamAfter(1, "ModelStreamErrorException", message);
      };
    }

    /** A stream whose event is not valid JSON; the text starts with an unquoted token. */
    FakeResponse malformedStreamEvent(String text) {
      return switch (this) {
        case OPENAI, GROQ -> eventStream("data: " + text + "\n\n");
        case ANTHROPIC -> eventStream("event: content_block_delta\ndata: " + text + "\n\n");
        case BEDROCK ->
            FakeResponse.status(200, text)
                .withHeader("Content-Type", "application/vnd.amazon.eventstream");
      };
    }

    /** A 200 answer cut off inside a string that holds the text. */
    String truncatedAnswer(String text) {
      return switch (this) {
        case OPENAI, GROQ ->
            "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\""
                + text;
        case ANTHROPIC ->
            "{\"id\":\"m1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\""
                + text;
        case BEDROCK ->
            "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text;
      };
    }

    String authErrorType() {
      return switch (this) {
        case OPENAI, GROQ -> "invalid_request_error";
        case ANTHROPIC -> "authentication_error";
        case BEDROCK -> "UnrecognizedClientException";
      };
    }
  }

  /** How the provider quotes the key back. */
  enum Form {
    BARE(""),
    BEARER("Bearer "),
    X_API_KEY("x-api-key: ");

    final String prefix;

    Form(String prefix) {
      this.prefix = prefix;
    }

    String quote(String key) {
      return prefix + key;
    }
  }

  /**
   * An error path: the answer to the chat call and the answer to the stream call, given the
   * provider and the text that quotes its key.
   */
  enum Path {
    STATUS_ERROR(
        (p, said) ->
            FakeResponse.error(
                401, p.authErrorType(), "invalid_api_key", "Bad credentials: " + said),
        null),
    OK_WITH_ERROR_OBJECT(
        (p, said) -> FakeResponse.status(200, p.errorObject("Bad credentials: " + said)), null),
    IN_STREAM_ERROR((p, said) -> p.inStreamError("Stream failed for " + said), null),
    HTML_PAGE(
        (p, said) ->
            FakeResponse.status(
                502,
                "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\n"
                    + "<h1>Bad Gateway</h1>\n<p>The upstream refused the request with "
                    + said
                    + "</p>\n<hr><address>nginx</address>\n</body></html>\n"),
        null),
    LONG_BODY_KEY_AT_END(
        (p, said) ->
            FakeResponse.status(500, filler(60_000) + " " + said)
                .withHeader("Content-Type", "text/plain"),
        null),
    /**
     * The key straddles the 200-character snippet of a body that is not the provider's JSON, 12 of
     * its characters before the cut: cut first and scrubbed after, they would show.
     */
    LONG_BODY_KEY_AT_CUT(
        (p, said) ->
            FakeResponse.status(500, filler(188 - said.indexOf(p.key)) + said + " " + filler(2_000))
                .withHeader("Content-Type", "text/plain"),
        null),
    /** The key straddles the 500-character cut of the provider's message, 12 characters before. */
    LONG_MESSAGE_KEY_AT_CUT(
        (p, said) ->
            FakeResponse.error(
                400,
                "invalid_request_error",
                null,
                filler(488 - said.indexOf(p.key)) + said + " " + filler(2_000)),
        null),
    /** The parser's message quotes an unquoted token: the longest run of the key's letters. */
    MALFORMED_JSON_TOKEN(
        (p, said) -> FakeResponse.status(200, "{\"id\": " + longestRun(p.key) + " " + said + "}"),
        (p, said) -> p.malformedStreamEvent("{\"id\": " + longestRun(p.key) + " " + said + "}")),
    MALFORMED_JSON_TRUNCATED(
        (p, said) ->
            FakeResponse.status(200, p.truncatedAnswer(filler(488 - said.indexOf(p.key)) + said)),
        (p, said) -> p.malformedStreamEvent(p.truncatedAnswer(said))),
    /** The test kit quotes the real request headers (Authorization, x-api-key) back. */
    ECHOED_REQUEST_HEADERS(
        (p, said) ->
            FakeResponse.error(
                    401, p.authErrorType(), "invalid_api_key", "Bad credentials: " + said)
                .echoRequestHeaders(),
        (p, said) ->
            FakeResponse.status(502, "<html><body>Bad gateway; you sent " + said + "</body></html>")
                .echoRequestHeaders());

    private final BiFunction<Provider, String, FakeResponse> chat;
    private final BiFunction<Provider, String, FakeResponse> stream;

    Path(
        BiFunction<Provider, String, FakeResponse> chat,
        @Nullable BiFunction<Provider, String, FakeResponse> stream) {
      this.chat = chat;
      this.stream = stream != null ? stream : chat;
    }
  }

  static Stream<Arguments> everyErrorPath() {
    List<Arguments> cases = new ArrayList<>();
    for (Provider provider : Provider.values()) {
      for (Path path : Path.values()) {
        for (Form form : Form.values()) {
          cases.add(Arguments.of(provider, path, form));
        }
      }
    }
    return cases.stream();
  }

  @BeforeAll
  static void captureEveryLoggerAtTrace() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    rootLevel = root.getLevel();
    root.setLevel(Level.TRACE);
    logs.setContext(root.getLoggerContext());
    logs.start();
    root.addAppender(logs);
  }

  @AfterAll
  static void restoreLogging() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(logs);
    logs.stop();
    root.setLevel(rootLevel);
  }

  @BeforeEach
  void clearLogs() {
    logs.clear();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("everyErrorPath")
  void noFragmentOfTheKeyLeaks(Provider provider, Path path, Form form, FakeLlmServer server) {
    for (String logger :
        List.of("dev.llmgateway", "io.github.resilience4j", "software.amazon.awssdk", "io.netty")) {
      assertThat(LoggerFactory.getLogger(logger).isTraceEnabled())
          .as(logger + " at TRACE")
          .isTrue();
    }
    String said = form.quote(provider.key);
    EventCapture events = new EventCapture();
    UsageCapture usage = new UsageCapture();
    ChatRequest request =
        ChatRequest.builder().model("chat").user("hello").timeout(Duration.ofSeconds(10)).build();

    // One client per call: a key rejected by the first call is disabled, and would keep the
    // second call from reaching the server.
    Throwable chatFailure;
    Throwable streamFailure;
    String clientText;
    try (GatewayClient gateway = provider.client(server, events, usage)) {
      server.respondByDefault(path.chat.apply(provider, said));
      chatFailure = catchThrowable(() -> gateway.chat(request));
      clientText = gateway + " " + gateway.health();
    }
    int chatRequests = server.requestCount();
    try (GatewayClient gateway = provider.client(server, events, usage)) {
      server.respondByDefault(path.stream.apply(provider, said));
      streamFailure = catchThrowable(() -> drain(gateway.stream(request)));
      clientText += " " + gateway + " " + gateway.health();
    }

    // The calls really went out, with the key, and failed as provider failures.
    assertThat(chatRequests).as("requests of the chat call").isPositive();
    assertThat(server.requestCount()).as("requests of both calls").isGreaterThan(chatRequests);
    assertThat(server.requests()).allMatch(provider::sentKey);
    assertThat(chatFailure).isInstanceOf(GatewayException.class);
    assertThat(streamFailure).isInstanceOf(GatewayException.class);
    assertThat(events.failures).as("attemptFailed events").isNotEmpty();
    assertThat(logs.lines()).as("captured logs").isNotEmpty();

    assertNoFragmentOf(provider.key, "the chat call's failure", everything(chatFailure));
    assertNoFragmentOf(provider.key, "the stream call's failure", everything(streamFailure));
    assertNoFragmentOf(provider.key, "the events", events.text());
    assertNoFragmentOf(provider.key, "the usage records", usage.text());
    for (String line : logs.lines()) {
      assertNoFragmentOf(provider.key, "a log line", line);
    }
    assertNoFragmentOf(provider.key, "the client's toString and health", clientText);
    // What the provider said did reach the caller, scrubbed: the test is not passing because the
    // provider's text was dropped altogether.
    if (surfacesTheKey(provider, path)) {
      assertThat(everything(chatFailure) + everything(streamFailure)).contains(MARKER);
      assertThat(events.text()).contains(MARKER);
    }
  }

  /**
   * Whether the path puts the key (or a fragment of it) into a message, so that a scrubbed marker
   * must show. A body that is not the provider's JSON shows only its first 200 characters, so the
   * key at the end of a long one never gets there; the AWS SDK reads neither an HTML page nor a
   * truncated or non-event-stream answer into a message.
   */
  private static boolean surfacesTheKey(Provider provider, Path path) {
    return switch (path) {
      case LONG_BODY_KEY_AT_END, MALFORMED_JSON_TRUNCATED -> false;
      case HTML_PAGE, LONG_BODY_KEY_AT_CUT, MALFORMED_JSON_TOKEN, OK_WITH_ERROR_OBJECT ->
          provider != Provider.BEDROCK;
      default -> true;
    };
  }

  /** The scenario of the first report: two keys, a proxy page, a dropped stream and a stall. */
  @Test
  void keysStayOutOfExceptionsToStringsAndLogsWhenCallsFailInOtherWays(FakeLlmServer server) {
    String keyA = "test-key-123-alpha";
    String keyB = "test-key-456-bravo";
    server.enqueue(
        FakeResponse.error(
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided: " + keyA + ". You can find your API key at ..."));
    server.enqueue(
        FakeResponse.error(
            401,
            "invalid_request_error",
            "invalid_api_key",
            "Incorrect API key provided: " + keyB));
    server.enqueue(FakeResponse.status(502, "<html>bad gateway for Bearer " + keyA + "</html>"));
    server.enqueue(FakeResponse.malformedJson());
    server.enqueue(FakeResponse.text("a b c d").dropConnectionAfter(2));
    server.respondByDefault(FakeResponse.text("never").stall());

    List<Throwable> failures = new ArrayList<>();
    String clientText;
    try (GatewayClient gateway =
        GatewayClient.builder()
            .provider(
                "main",
                p ->
                    p.type("openai")
                        .baseUrl(server.baseUrl())
                        .key("a", Secret.of(keyA), 1)
                        .key("b", Secret.of(keyB), 1))
            .alias("chat", a -> a.target("main", "gpt-4o-mini"))
            .maxAttempts(2)
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .seed(1)
            .build()) {
      // Only the stalled call needs a short deadline; a short one on the others would let a slow
      // machine end them with TIMEOUT before they reach the error paths under test.
      ChatRequest request =
          ChatRequest.builder().model("chat").user("hello").timeout(Duration.ofSeconds(30)).build();
      ChatRequest stalled = request.toBuilder().timeout(Duration.ofMillis(400)).build();
      // 401 on key a, then 401 on key b
      failures.add(catchThrowable(() -> gateway.chat(request)));
      // 502 from a proxy that echoes the header, then malformed JSON
      failures.add(catchThrowable(() -> gateway.chat(request)));
      // a stream whose connection drops after its first chunk
      failures.add(catchThrowable(() -> drain(gateway.stream(request))));
      // a stalled server: the deadline ends it
      failures.add(catchThrowable(() -> gateway.chat(stalled)));
      clientText = gateway.toString();
    }

    assertThat(server.requests())
        .extracting(r -> r.header("authorization"))
        .contains("Bearer " + keyA, "Bearer " + keyB);
    assertThat(failures).hasSize(4).doesNotContainNull();
    assertThat(logs.lines()).isNotEmpty();
    for (Throwable failure : failures) {
      assertNoFragmentOf(keyA, "a failure", everything(failure));
      assertNoFragmentOf(keyB, "a failure", everything(failure));
    }
    for (String text : List.of(clientText, logs.text())) {
      assertNoFragmentOf(keyA, "the client or the logs", text);
      assertNoFragmentOf(keyB, "the client or the logs", text);
    }
  }

  /** Fails naming where the first fragment of 8 characters of the key shows, with its context. */
  private static void assertNoFragmentOf(String key, String where, String text) {
    for (int i = 0; i + 8 <= key.length(); i++) {
      String fragment = key.substring(i, i + 8);
      int at = text.indexOf(fragment);
      if (at >= 0) {
        throw new AssertionError(
            "Found '"
                + fragment
                + "' of the key in "
                + where
                + ", which begins with:\n"
                + text.substring(0, Math.min(text.length(), 300))
                + "\n... and around the fragment:\n..."
                + text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 300))
                + "...");
      }
    }
  }

  private static void drain(ChatStream stream) {
    try (stream) {
      for (ChatChunk ignored : stream) {
        // read to the end or the failure
      }
    }
  }

  /** The printed stack trace (every cause and suppressed exception) and each toString. */
  private static String everything(@Nullable Throwable failure) {
    StringWriter out = new StringWriter();
    if (failure != null) {
      failure.printStackTrace(new PrintWriter(out));
      appendChain(failure, out, 0);
    }
    return out.toString();
  }

  private static void appendChain(Throwable t, StringWriter out, int depth) {
    if (depth > 20) {
      return;
    }
    out.append(t.toString()).append('\n').append(String.valueOf(t.getMessage())).append('\n');
    if (t instanceof ProviderException e) {
      out.append(String.valueOf(e.providerCode())).append('\n');
    }
    if (t.getCause() != null && t.getCause() != t) {
      appendChain(t.getCause(), out, depth + 1);
    }
    for (Throwable s : t.getSuppressed()) {
      appendChain(s, out, depth + 1);
    }
  }

  private static String filler(int length) {
    StringBuilder sb = new StringBuilder(Math.max(0, length));
    while (sb.length() < length) {
      sb.append("lorem ipsum dolor sit amet ");
    }
    sb.setLength(Math.max(0, length));
    return sb.toString();
  }

  /** The longest run of the key's characters that a JSON parser reads as one bare token. */
  private static String longestRun(String key) {
    String best = "";
    int start = 0;
    for (int i = 0; i <= key.length(); i++) {
      if (i == key.length() || !Character.isJavaIdentifierPart(key.charAt(i))) {
        if (i - start > best.length()) {
          best = key.substring(start, i);
        }
        start = i + 1;
      }
    }
    return best;
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static FakeResponse eventStream(String body) {
    return FakeResponse.status(200, body).withHeader("Content-Type", "text/event-stream");
  }

  /** Every event, with each argument's {@code toString()} and every failure printed whole. */
  static final class EventCapture extends GatewayEventListener {
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    String text() {
      return String.join("\n", lines);
    }

    @Override
    public void callStart(CallInfo call) {
      lines.add("callStart " + call);
    }

    @Override
    public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {
      lines.add("routeResolved " + call + " " + alias + " " + plan);
    }

    @Override
    public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {
      lines.add("attemptStart " + call + " " + target + " " + keyId + " " + attemptNumber);
    }

    @Override
    public void attemptEnd(CallInfo call, Attempt attempt) {
      lines.add("attemptEnd " + call + " " + attempt);
    }

    @Override
    public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {
      failures.add(error);
      lines.add("attemptFailed " + call + " " + attempt + "\n" + everything(error));
    }

    @Override
    public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {
      lines.add("retryScheduled " + call + " " + target + " " + delay);
    }

    @Override
    public void keyCooldown(String provider, String keyId, Duration duration) {
      lines.add("keyCooldown " + provider + " " + keyId + " " + duration);
    }

    @Override
    public void callEnd(CallInfo call, Route route) {
      lines.add("callEnd " + call + " " + route);
    }

    @Override
    public void callFailed(CallInfo call, Throwable error) {
      failures.add(error);
      lines.add("callFailed " + call + "\n" + everything(error));
    }
  }

  /** Every usage record written. */
  static final class UsageCapture implements dev.llmgateway.usage.UsageSink {
    final ConcurrentLinkedQueue<UsageRecord> records = new ConcurrentLinkedQueue<>();

    @Override
    public void write(List<UsageRecord> batch) {
      records.addAll(batch);
    }

    String text() {
      return records.toString();
    }
  }

  /** An in-memory logback appender: each event's level, logger, message, MDC and throwable. */
  static final class LogCapture extends AppenderBase<ILoggingEvent> {
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder line =
          new StringBuilder()
              .append(event.getLevel())
              .append(' ')
              .append(event.getLoggerName())
              .append(' ')
              .append(event.getFormattedMessage());
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null && !mdc.isEmpty()) {
        line.append(' ').append(mdc);
      }
      Object[] args = event.getArgumentArray();
      if (args != null) {
        for (Object arg : args) {
          line.append(" | ")
              .append(arg instanceof Throwable t ? everything(t) : String.valueOf(arg));
        }
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        line.append('\n').append(ThrowableProxyUtil.asString(thrown));
      }
      lines.add(line.toString());
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    String text() {
      return String.join("\n", lines);
    }

    void clear() {
      lines.clear();
    }
  }
}
