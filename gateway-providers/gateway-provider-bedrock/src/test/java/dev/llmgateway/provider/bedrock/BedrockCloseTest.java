package dev.llmgateway.provider.bedrock;

import static dev.llmgateway.provider.bedrock.BedrockTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a provider shuts its Netty transport down without leaving tasks for a terminated event
 * loop, which Netty would log as {@code RejectedExecutionException: event executor terminated}.
 */
class BedrockCloseTest {
  private static final ChatRequest HELLO =
      ChatRequest.builder().model("nova-pro").user("hello").build();

  /** Enough rounds that the old close order logged the rejection in nearly every run. */
  private static final int ROUNDS = 20;

  private final FakeLlmServer server = FakeLlmServer.start();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    server.close();
  }

  @Test
  void closingProvidersWithCallsInFlightLogsNoRejectedTask() throws Exception {
    // Netty and the SDK log through SLF4J; the test backend (slf4j-simple) writes to System.err.
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    try {
      for (int round = 0; round < ROUNDS; round++) {
        closeWithCallsInFlight(round);
      }
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .doesNotContain("RejectedExecutionException")
        .doesNotContain("event executor terminated")
        .doesNotContain("Event loop shut down")
        .doesNotContain("WARN io.netty")
        .doesNotContain("ERROR io.netty");
  }

  private void closeWithCallsInFlight(int round) throws Exception {
    BedrockProvider provider = BedrockTestSupport.provider(server);
    // A finished call leaves an idle pooled connection.
    server.enqueue(FakeResponse.text("one two three"));
    assertThat(provider.chat(HELLO, call()).text()).isEqualTo("one two three");
    server.takeRequest();
    // A stream read part-way holds a second connection; every other round it is closed first.
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(FakeResponse.text("one two three four").pauseStreamAfter(2, gate));
    ChunkStream stream = provider.stream(HELLO, call());
    assertThat(stream.next().text()).isEqualTo("one");
    server.takeRequest();
    boolean streamClosedFirst = round % 2 == 0;
    if (streamClosedFirst) {
      stream.close();
    }
    // A chat still waiting for its answer holds a third.
    server.enqueue(FakeResponse.text("late").withLatency(Duration.ofSeconds(30)));
    CompletableFuture<Throwable> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                provider.chat(HELLO, call(Duration.ofSeconds(60)));
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            },
            executor);
    server.takeRequest();

    provider.close();

    // The chat in flight fails at once as a dropped connection, not at its deadline.
    Throwable failure = inFlight.get(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) failure).kind()).isEqualTo(ErrorKind.NETWORK);
    // Closing the stream after its provider neither throws nor hangs; reading it fails typed.
    stream.close();
    if (!streamClosedFirst) {
      assertThatThrownBy(stream::next).isInstanceOf(ProviderException.class);
    }
    gate.countDown();
    assertThat(provider.transport().openConnections()).isZero();
    assertThat(provider.transport().terminated()).isTrue();
    provider.close(); // idempotent
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws java.io.IOException {
      first.flush();
      second.flush();
    }
  }
}
