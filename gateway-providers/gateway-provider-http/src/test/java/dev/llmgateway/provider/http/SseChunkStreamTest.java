package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.ScriptedResponseBody;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Request;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SseChunkStreamTest {
  private static final ProviderKey KEY = ProviderKey.of("primary", Secret.of("test-key-123"));

  private final MockWebServer server = new MockWebServer();
  private final CountDownLatch release = new CountDownLatch(1);
  private final HttpTransport transport =
      new HttpTransport(
          HttpClients.shared(), new HttpErrorMapper("acme", Clock.systemUTC(), ErrorDialect.NONE));

  /**
   * "[END]" ends properly, "boom" cannot be parsed, "err" is an error event, "skip" is no chunk.
   */
  static final class TestStream extends SseChunkStream {
    private final boolean properAtEof;

    TestStream(HttpExchange exchange, boolean properAtEof) {
      super(exchange);
      this.properAtEof = properAtEof;
    }

    @Override
    protected @Nullable ChatChunk onEvent(SseEvent event) {
      switch (event.data()) {
        case "[END]" -> {
          end();
          return null;
        }
        case "boom" -> throw new IllegalArgumentException("not JSON");
        case "err" ->
            throw errors()
                .fromErrorBody(0, new ErrorBody("down", "overloaded", null), null, model());
        case "skip" -> {
          return null;
        }
        default -> {
          return ChatChunk.text(event.data());
        }
      }
    }

    @Override
    protected boolean endOfStreamIsProper() {
      return properAtEof;
    }
  }

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
  }

  private TestStream open(String body, Duration timeout, boolean properAtEof) {
    server.enqueue(new MockResponse.Builder().body(body).build());
    return open(timeout, properAtEof);
  }

  private TestStream open(Duration timeout, boolean properAtEof) {
    Request request = new Request.Builder().url(server.url("/stream")).build();
    return new TestStream(transport.open(request, ProviderCall.of(KEY, timeout), "m"), properAtEof);
  }

  private void enqueueStalling(String first) {
    server.enqueue(
        new MockResponse.Builder()
            .body(
                new ScriptedResponseBody(
                    sink -> {
                      sink.writeUtf8(first).flush();
                      release.await();
                    }))
            .build());
  }

  @Test
  void returnsChunksThenNullAtTheProperEnd() {
    try (TestStream stream =
        open("data: a\n\ndata: skip\n\ndata: b\n\ndata: [END]\n\n", Duration.ofSeconds(5), false)) {
      assertThat(stream.next().text()).isEqualTo("a");
      assertThat(stream.next().text()).isEqualTo("b");
      assertThat(stream.next()).isNull();
      assertThat(stream.next()).isNull();
    }
  }

  @Test
  void reportsAnEndWithoutTheMarkerAsTruncated() {
    try (TestStream stream = open("data: a\n\n", Duration.ofSeconds(5), false)) {
      assertThat(stream.next().text()).isEqualTo("a");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
                assertThat(e.getMessage()).contains("truncated");
              });
    }
  }

  @Test
  void letsTheAdapterAcceptAnEndWithoutTheMarker() {
    try (TestStream stream = open("data: a\n\n", Duration.ofSeconds(5), true)) {
      assertThat(stream.next().text()).isEqualTo("a");
      assertThat(stream.next()).isNull();
    }
  }

  @Test
  void mapsUnreadableEventsToMalformedResponseAndRepeatsTheFailure() {
    try (TestStream stream = open("data: boom\n\n", Duration.ofSeconds(5), false)) {
      ProviderException first = null;
      try {
        stream.next();
      } catch (ProviderException e) {
        first = e;
      }
      assertThat(first).isNotNull();
      assertThat(first.kind()).isEqualTo(ErrorKind.MALFORMED_RESPONSE);
      // Kept as a scrubbed copy (a parser's exception may hold the whole body), named as the
      // original.
      assertThat(first.getCause()).isNotNull();
      assertThat(first.getCause().toString()).startsWith("java.lang.IllegalArgumentException");
      ProviderException again = first;
      assertThatThrownBy(stream::next).isSameAs(again);
    }
  }

  @Test
  void passesErrorEventsThrough() {
    try (TestStream stream = open("data: err\n\n", Duration.ofSeconds(5), false)) {
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.providerCode()).hasValue("overloaded");
              });
    }
  }

  @Test
  void mapsADroppedConnectionToNetwork() {
    server.enqueue(droppedMidStream("data: a\n\ndata: par"));
    try (TestStream stream = open(Duration.ofSeconds(5), false)) {
      assertThat(stream.next().text()).isEqualTo("a");
      assertThatThrownBy(stream::next)
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK));
    }
  }

  @Test
  void timesOutAStalledStreamWithinTheDeadline() {
    enqueueStalling("data: a\n\n");
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          try (TestStream stream = open(Duration.ofMillis(300), false)) {
            assertThat(stream.next().text()).isEqualTo("a");
            assertThatThrownBy(stream::next)
                .isInstanceOfSatisfying(
                    ProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
          }
        });
  }

  @Test
  void closeFromAnotherThreadMakesABlockedNextFailPromptly() throws Exception {
    enqueueStalling("data: a\n\n");
    TestStream stream = open(Duration.ofSeconds(30), false);
    assertThat(stream.next().text()).isEqualTo("a");
    AtomicReference<Thread> reader = new AtomicReference<>();
    CompletableFuture<Throwable> failure =
        CompletableFuture.supplyAsync(
            () -> {
              reader.set(Thread.currentThread());
              try {
                stream.next();
                return null;
              } catch (Throwable t) {
                return t;
              }
            });
    await().until(() -> reader.get() != null && isBlockedReading(reader.get()));
    stream.close();
    stream.close(); // idempotent
    Throwable t = failure.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(t).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) t).kind()).isEqualTo(ErrorKind.NETWORK);
    assertThat(t.getMessage()).contains("closed by the caller");
  }

  @Test
  void cancellationMakesTheNextReadFailEvenWhenEventsAreAlreadyBuffered() {
    server.enqueue(
        new MockResponse.Builder().body("data: a\n\ndata: b\n\ndata: [END]\n\n").build());
    ProviderCall call = ProviderCall.of(KEY, Duration.ofSeconds(5));
    Request request = new Request.Builder().url(server.url("/stream")).build();
    TestStream stream = new TestStream(transport.open(request, call, "m"), false);
    assertThat(stream.next().text()).isEqualTo("a"); // the whole small body is buffered by now

    call.cancellation().cancel();

    assertThatThrownBy(stream::next)
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.NETWORK);
              assertThat(e.getMessage()).contains("cancelled by the caller");
            });
    assertThatThrownBy(stream::next).isInstanceOf(ProviderException.class);
    stream.close();
  }

  @Test
  void closeBeforeReadingMakesNextFail() {
    TestStream stream = open("data: a\n\n", Duration.ofSeconds(5), false);
    stream.close();
    assertThatThrownBy(stream::next).isInstanceOf(ProviderException.class);
  }

  /** Declares a longer body than it sends, then closes the socket: the connection drops. */
  static MockResponse droppedMidStream(String sent) {
    return new MockResponse.Builder()
        .body(
            new MockResponseBody() {
              @Override
              public long getContentLength() {
                return 100_000;
              }

              @Override
              public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(sent).flush();
              }
            })
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
        .build();
  }

  private static boolean isBlockedReading(Thread thread) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().equals(SseReader.class.getName())) {
        return true;
      }
    }
    return false;
  }
}
