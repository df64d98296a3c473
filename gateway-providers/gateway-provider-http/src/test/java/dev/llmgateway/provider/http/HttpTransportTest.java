package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.ScriptedResponseBody;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  private static final ProviderKey KEY = ProviderKey.of("primary", Secret.of("test-key-123"));

  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpTransport transport =
      new HttpTransport(
          HttpClients.shared(), new HttpErrorMapper("acme", Clock.systemUTC(), ErrorDialect.NONE));

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private Request post() {
    return new Request.Builder()
        .url(server.url("/v1/things"))
        .header("Authorization", "Bearer test-key-123")
        .post(RequestBody.create("{}", MediaType.get("application/json")))
        .build();
  }

  /** An answer whose body sends a few bytes, then nothing until the test ends. */
  private MockResponse partialBodyThenStall() {
    return new MockResponse.Builder()
        .body(
            new ScriptedResponseBody(
                sink -> {
                  sink.writeUtf8("partial").flush();
                  release.await();
                }))
        .build();
  }

  private static ProviderCall call(Duration timeout, Map<String, String> headers) {
    return new ProviderCall(KEY, timeout, new Cancellation(), headers, "req-1");
  }

  @Test
  void addsCallHeadersButNeverReplacesCredentials() throws Exception {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    byte[] body =
        transport.execute(
            post(),
            call(Duration.ofSeconds(5), Map.of("X-Trace", "t-1", "Authorization", "Bearer evil")),
            "m");
    assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("ok");
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getHeaders().get("X-Trace")).isEqualTo("t-1");
    assertThat(recorded.getHeaders().values("Authorization"))
        .containsExactly("Bearer test-key-123");
  }

  @Test
  void aBufferedBodyHoldsTheWholeAnswerAndAFailedReadIsMappedAsExecuteMapsIt() {
    String answer = "{\"choices\":[]}".repeat(2_000);
    server.enqueue(new MockResponse.Builder().body(answer).build());
    okio.Buffer body =
        transport.executeBuffered(post(), call(Duration.ofSeconds(5), Map.of()), "m");
    assertThat(body.readUtf8()).isEqualTo(answer);

    server.enqueue(partialBodyThenStall());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(
                    () ->
                        transport.executeBuffered(
                            post(), call(Duration.ofMillis(300), Map.of()), "m"))
                .isInstanceOfSatisfying(
                    ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT)));
  }

  @Test
  void mapsUnsuccessfulStatusWithBodyAndRetryAfter() {
    server.enqueue(
        new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("slow").build());
    assertThatThrownBy(() -> transport.execute(post(), call(Duration.ofSeconds(5), Map.of()), "m"))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
              assertThat(e.httpStatus()).hasValue(429);
              assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(7));
              assertThat(e.getMessage()).endsWith(": slow");
            });
  }

  @Test
  void reportsRateLimitHeadersOfSuccessesAndOfRateLimitedAnswers() {
    List<Long> remaining = new ArrayList<>();
    ProviderCall call =
        call(Duration.ofSeconds(5), Map.of())
            .withRateLimitObserver((requests, tokens, reset) -> remaining.add(requests));
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("x-ratelimit-remaining-requests", "1")
            .body("{}")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("x-ratelimit-remaining-requests", "0")
            .body("slow")
            .build());

    transport.execute(post(), call, "m");
    assertThatThrownBy(() -> transport.execute(post(), call, "m"))
        .isInstanceOf(ProviderException.class);

    assertThat(remaining).containsExactly(1L, 0L);
  }

  @Test
  void timesOutWhenTheServerStallsBeforeHeaders() {
    server.enqueue(new MockResponse.Builder().headersDelay(10, TimeUnit.SECONDS).build());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(
                    () -> transport.execute(post(), call(Duration.ofMillis(300), Map.of()), "m"))
                .isInstanceOfSatisfying(
                    ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT)));
  }

  @Test
  void aDeadlineLaterThanTheWatchdogPacersLapStillFires() {
    server.enqueue(new MockResponse.Builder().headersDelay(20, TimeUnit.SECONDS).build());
    long start = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(
                    () -> transport.execute(post(), call(Duration.ofMillis(1_500), Map.of()), "m"))
                .isInstanceOfSatisfying(
                    ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT)));
    assertThat(WatchdogPacer.INSTANCE.running()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1_400));
  }

  @Test
  void deadlineCoversReadingTheWholeBody() {
    server.enqueue(partialBodyThenStall());
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(
                    () -> transport.execute(post(), call(Duration.ofMillis(300), Map.of()), "m"))
                .isInstanceOfSatisfying(
                    ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT)));
  }

  @Test
  void cancellationAbortsTheCallPromptly() throws Exception {
    server.enqueue(partialBodyThenStall());
    ProviderCall call = call(Duration.ofSeconds(30), Map.of());
    try (HttpExchange exchange = transport.open(post(), call, "m")) {
      Thread canceller = new Thread(() -> call.cancellation().cancel());
      canceller.start();
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> exchange.response().body().string())
                  .isInstanceOf(java.io.IOException.class));
      canceller.join();
      ProviderException mapped = exchange.failure(new java.io.IOException("Canceled"));
      assertThat(mapped.kind()).isEqualTo(ErrorKind.NETWORK);
      assertThat(mapped.getMessage()).contains("cancelled by the caller");
    }
  }

  @Test
  void failsAtOnceWhenAlreadyCancelled() {
    ProviderCall call = call(Duration.ofSeconds(5), Map.of());
    call.cancellation().cancel();
    assertThatThrownBy(() -> transport.execute(post(), call, "m"))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
              assertThat(e.getMessage()).contains("cancelled");
            });
  }

  @Test
  void mapsConnectionFailureToNetwork() {
    server.close();
    assertThatThrownBy(() -> transport.execute(post(), call(Duration.ofSeconds(5), Map.of()), "m"))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK));
  }

  @Test
  void logsRequestsAtDebugWithoutCredentialsOrBodies() {
    server.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"nope\"}").build());
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Request request =
          post()
              .newBuilder()
              .post(
                  RequestBody.create(
                      "{\"prompt\":\"top secret prompt\"}", MediaType.get("application/json")))
              .build();
      assertThatThrownBy(
              () -> transport.execute(request, call(Duration.ofSeconds(5), Map.of()), "m"))
          .isInstanceOf(ProviderException.class);
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs)
        .contains("--> POST " + server.url("/v1/things"))
        .contains("Authorization: [redacted]")
        .contains("<-- 401 POST")
        .doesNotContain("test-key-123")
        .doesNotContain("top secret prompt");
  }
}
