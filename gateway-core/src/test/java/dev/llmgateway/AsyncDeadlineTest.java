package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deadline of an async call counts from when the call is made, not from when the executor runs
 * it. The executor here has one thread, blocked on a latch until the test releases it, so calls
 * wait in its queue for exactly as long as the test says.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AsyncDeadlineTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final FakeClock clock = new FakeClock();
  private final RecordingListener listener = new RecordingListener();
  private final CollectingSink sink = new CollectingSink();
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "blocked-executor");
            t.setDaemon(true);
            return t;
          });
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void blockTheExecutor() throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(1);
    executor.execute(
        () -> {
          blocked.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    blocked.await();
  }

  @AfterEach
  void shutdown() {
    release.countDown();
    executor.shutdownNow();
  }

  private GatewayClient.Builder client() {
    return builder(a).executor(executor).eventListener(listener).usage(u -> u.sink(sink));
  }

  /** Runs everything queued so far on the executor (releasing it), and waits until it has. */
  private void drainExecutor() throws InterruptedException {
    release.countDown();
    CountDownLatch drained = new CountDownLatch(1);
    executor.execute(drained::countDown);
    assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static ChatRequest withTimeout(Duration timeout) {
    return request("a/m").toBuilder().timeout(timeout).build();
  }

  private static ProviderException timeoutOf(CompletableFuture<?> future) {
    ExecutionException failed =
        catchThrowableOfType(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
    assertThat(failed).as("the call failed").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(ProviderException.class);
    ProviderException e = (ProviderException) failed.getCause();
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    return e;
  }

  @Test
  void aChatCallQueuedPastItsDeadlineFailsWithTimeoutWhenItRunsWithoutBeingSent() throws Exception {
    // An hour of deadline on the fake clock: the real-time deadline timer cannot fire during the
    // test, so this is the path where the executor runs the call late.
    try (GatewayClient gateway = client().clock(clock).build()) {
      CompletableFuture<ChatResponse> future = gateway.chatAsync(withTimeout(Duration.ofHours(1)));
      clock.advance(Duration.ofHours(1));

      drainExecutor();

      ProviderException e = timeoutOf(future);
      assertThat(e.getMessage())
          .contains("exceeded its deadline of PT1H before it started")
          .contains("nothing was sent");
      assertThat(a.calls).isEmpty();
      assertThat(listener.events)
          .containsExactly("callStart CHAT a/m", "callFailed ProviderException");
    }
    UsageRecord record = sink.records.get(0);
    assertThat(record.outcome()).isEqualTo(UsageOutcome.FAILURE);
    assertThat(record.errorKind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(record.latency()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aCallThatWaitedForTheExecutorGetsOnlyTheTimeLeftOfItsDeadline() throws Exception {
    try (GatewayClient gateway = client().clock(clock).build()) {
      CompletableFuture<ChatResponse> future = gateway.chatAsync(withTimeout(Duration.ofHours(1)));
      clock.advance(Duration.ofMinutes(40));

      drainExecutor();

      assertThat(future.get(10, TimeUnit.SECONDS).text()).isEqualTo("ok from a/m");
      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofMinutes(20));
      assertThat(future.get().route().latency()).isEqualTo(Duration.ofMinutes(40));
    }
  }

  @Test
  void aChatCallStillQueuedAtItsDeadlineFailsThenWithoutWaitingForTheExecutor() throws Exception {
    // The real clock: the executor stays blocked until after the future failed, so the deadline
    // timer, not the executor, ends the call.
    try (GatewayClient gateway = client().build()) {
      CompletableFuture<ChatResponse> future =
          gateway.chatAsync(withTimeout(Duration.ofMillis(100)));

      ProviderException e = timeoutOf(future);

      assertThat(e.getMessage()).contains("exceeded its deadline of PT0.1S before it started");
      assertThat(listener.events)
          .containsExactly("callStart CHAT a/m", "callFailed ProviderException");
      drainExecutor();
      assertThat(a.calls).as("the expired call never runs").isEmpty();
      assertThat(listener.events).hasSize(2);
    }
    assertThat(sink.records).extracting(UsageRecord::errorKind).containsExactly(ErrorKind.TIMEOUT);
  }

  @Test
  void aStreamCallStillQueuedAtItsDeadlineEndsItsHandlerWithTimeout() throws Exception {
    AsyncTest.RecordingHandler handler = new AsyncTest.RecordingHandler();
    try (GatewayClient gateway = client().build()) {
      CompletableFuture<ChatResponse> future =
          gateway.streamAsync(withTimeout(Duration.ofMillis(100)), handler);

      timeoutOf(future);

      assertThat(handler.events).containsExactly("error ProviderException");
      drainExecutor();
      assertThat(handler.events).containsExactly("error ProviderException");
      assertThat(a.calls).isEmpty();
    }
  }

  @Test
  void aStreamCallQueuedPastItsDeadlineEndsItsHandlerWithTimeoutWhenItRuns() throws Exception {
    AsyncTest.RecordingHandler handler = new AsyncTest.RecordingHandler();
    try (GatewayClient gateway = client().clock(clock).build()) {
      CompletableFuture<ChatResponse> future =
          gateway.streamAsync(withTimeout(Duration.ofHours(1)), handler);
      clock.advance(Duration.ofHours(2));

      drainExecutor();

      timeoutOf(future);
      assertThat(handler.events).containsExactly("error ProviderException");
      assertThat(handler.threads).containsExactly("blocked-executor");
      assertThat(a.calls).isEmpty();
    }
  }

  @Test
  void anEmbeddingCallQueuedPastItsDeadlineFailsWithTimeoutWithoutBeingSent() throws Exception {
    try (GatewayClient gateway = client().clock(clock).build()) {
      EmbeddingRequest request =
          EmbeddingRequest.of("a/emb", List.of("x"))
              .withOptions(dev.llmgateway.model.CallOptions.timeout(Duration.ofHours(1)));
      CompletableFuture<EmbeddingResponse> future = gateway.embedAsync(request);
      clock.advance(Duration.ofHours(1).plusNanos(1));

      drainExecutor();

      timeoutOf(future);
      assertThat(a.calls).isEmpty();
    }
  }

  @Test
  void aCallCancelledWhileQueuedNeitherRunsNorExpires() throws Exception {
    try (GatewayClient gateway = client().build()) {
      CompletableFuture<ChatResponse> future =
          gateway.chatAsync(withTimeout(Duration.ofMillis(500)));
      assertThat(future.cancel(true)).isTrue();
      // A second call queued behind it, with a longer deadline: once it failed, the first call's
      // deadline passed long ago, and its timer (disarmed by the cancel) did nothing.
      CompletableFuture<ChatResponse> later = gateway.chatAsync(withTimeout(Duration.ofSeconds(1)));
      timeoutOf(later);

      drainExecutor();

      assertThat(a.calls).isEmpty();
      assertThat(listener.events)
          .containsExactly("callStart CHAT a/m", "callFailed ProviderException");
    }
  }
}
