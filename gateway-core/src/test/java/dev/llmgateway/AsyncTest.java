package dev.llmgateway;

import static dev.llmgateway.ScriptedChunkStream.end;
import static dev.llmgateway.ScriptedChunkStream.failure;
import static dev.llmgateway.ScriptedChunkStream.text;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AsyncTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "test-executor");
            t.setDaemon(true);
            return t;
          });

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @Test
  void chatAsyncRunsTheCallOnTheClientExecutor() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    a.always(
        "m",
        (p, r, c) -> {
          thread.set(Thread.currentThread().getName());
          return ScriptedProvider.answer("async").run(p, r, c);
        });
    try (GatewayClient gateway = builder(a).executor(executor).build()) {
      ChatResponse response = gateway.chatAsync(request("a/m")).get(10, TimeUnit.SECONDS);

      assertThat(response.text()).isEqualTo("async");
      assertThat(thread.get()).isEqualTo("test-executor");
    }
    assertThat(executor.isShutdown()).as("a given executor is not shut down").isFalse();
  }

  @Test
  void cancellingChatAsyncCancelsTheProviderCall() {
    a.always("m", ScriptedProvider.hang());
    try (GatewayClient gateway = builder(a).executor(executor).build()) {
      CompletableFuture<ChatResponse> future = gateway.chatAsync(request("a/m"));
      await().atMost(Duration.ofSeconds(10)).until(() -> !a.calls.isEmpty());

      assertThat(future.cancel(true)).isTrue();

      assertThat(future).isCancelled();
      assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
    }
  }

  @Test
  void defaultExecutorUsesVirtualThreadsWhenTheJvmHasThem() throws Exception {
    AtomicReference<Thread> thread = new AtomicReference<>();
    a.always(
        "m",
        (p, r, c) -> {
          thread.set(Thread.currentThread());
          return ScriptedProvider.answer("x").run(p, r, c);
        });
    try (GatewayClient gateway = builder(a).build()) {
      gateway.chatAsync(request("a/m")).get(10, TimeUnit.SECONDS);
    }
    if (Runtime.version().feature() >= 21) {
      assertThat((Boolean) Thread.class.getMethod("isVirtual").invoke(thread.get())).isTrue();
    } else {
      assertThat(thread.get().getName()).startsWith("llm-gateway-");
      assertThat(thread.get().isDaemon()).isTrue();
    }
  }

  @Test
  void streamAsyncPassesChunksThenTheResponseToTheHandler() throws Exception {
    RecordingHandler handler = new RecordingHandler();
    try (GatewayClient gateway = builder(a).executor(executor).build()) {
      ChatResponse response =
          gateway.streamAsync(request("a/m"), handler).get(10, TimeUnit.SECONDS);

      assertThat(handler.events)
          .containsExactly("chunk ok ", "chunk from a", "chunk ", "complete ok from a");
      assertThat(handler.threads).containsOnly("test-executor");
      assertThat(response.text()).isEqualTo("ok from a");
    }
  }

  @Test
  void streamAsyncReportsAFailureAfterCommitToOnError() {
    a.thenStream("m", (r, c) -> ScriptedChunkStream.of(text("par"), failure(ErrorKind.NETWORK)));
    RecordingHandler handler = new RecordingHandler();
    try (GatewayClient gateway = builder(a).executor(executor).build()) {
      CompletableFuture<ChatResponse> future = gateway.streamAsync(request("a/m"), handler);

      assertThat(future)
          .failsWithin(Duration.ofSeconds(10))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(StreamInterruptedException.class);
      assertThat(handler.events).containsExactly("chunk par", "error StreamInterruptedException");
    }
  }

  @Test
  void cancellingStreamAsyncClosesTheStreamAndCancelsTheCall() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicReference<ScriptedChunkStream> source = new AtomicReference<>();
    a.thenStream(
        "m",
        (r, c) -> {
          source.set(ScriptedChunkStream.of(text("one"), never, end(Usage.ZERO)));
          return source.get();
        });
    RecordingHandler handler = new RecordingHandler();
    try (GatewayClient gateway = builder(a).executor(executor).build()) {
      CompletableFuture<ChatResponse> future = gateway.streamAsync(request("a/m"), handler);
      await().atMost(Duration.ofSeconds(10)).until(() -> handler.events.contains("chunk one"));

      future.cancel(true);

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> handler.events.contains("error CancellationException"));
      assertThat(source.get().closed).isTrue();
      assertThat(a.calls.get(0).call().cancellation().isCancelled()).isTrue();
      assertThat(future).isCancelled();
    }
  }

  @Test
  void embedAsyncReturnsTheVectors() throws Exception {
    try (GatewayClient gateway = builder(a).executor(executor).build()) {
      assertThat(
              gateway
                  .embedAsync(EmbeddingRequest.of("a/emb", List.of("x", "y")))
                  .get(10, TimeUnit.SECONDS)
                  .embeddings())
          .hasSize(2);
    }
  }

  static final class RecordingHandler implements StreamHandler {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onChunk(ChatChunk chunk) {
      threads.add(Thread.currentThread().getName());
      events.add("chunk " + chunk.text());
    }

    @Override
    public void onComplete(ChatResponse response) {
      threads.add(Thread.currentThread().getName());
      events.add("complete " + response.text());
    }

    @Override
    public void onError(Throwable error) {
      threads.add(Thread.currentThread().getName());
      events.add("error " + error.getClass().getSimpleName());
    }
  }
}
