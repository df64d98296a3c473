package dev.llmgateway;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Embedding;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A provider written the way a user would write one, whose answers are scripted per model: queued
 * steps run once each, then the model's default step, then a plain answer naming the target.
 */
final class ScriptedProvider implements Provider {

  /** What one chat call does. */
  @FunctionalInterface
  interface Step {
    ChatResponse run(ScriptedProvider provider, ChatRequest request, ProviderCall call);
  }

  /** What one stream call does. */
  @FunctionalInterface
  interface StreamStep {
    ChunkStream run(ChatRequest request, ProviderCall call);
  }

  /** One recorded call. */
  record Call(String kind, String model, String keyId, Duration timeout, ProviderCall call) {}

  final String name;
  private final Capabilities capabilities;
  private final Map<String, Deque<Step>> queued = new ConcurrentHashMap<>();
  private final Map<String, Step> defaults = new ConcurrentHashMap<>();
  private final Map<String, Deque<StreamStep>> streams = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();
  volatile @Nullable ProviderSettings settings;

  ScriptedProvider(String name) {
    this(name, Capabilities.ALL);
  }

  ScriptedProvider(String name, Capabilities capabilities) {
    this.name = name;
    this.capabilities = capabilities;
  }

  ScriptedProvider then(String model, Step... steps) {
    Deque<Step> q = queued.computeIfAbsent(model, m -> new ArrayDeque<>());
    synchronized (q) {
      q.addAll(List.of(steps));
    }
    return this;
  }

  ScriptedProvider always(String model, Step step) {
    defaults.put(model, step);
    return this;
  }

  ScriptedProvider thenStream(String model, StreamStep... steps) {
    Deque<StreamStep> q = streams.computeIfAbsent(model, m -> new ArrayDeque<>());
    synchronized (q) {
      q.addAll(List.of(steps));
    }
    return this;
  }

  static Step answer(String text) {
    return (p, r, c) ->
        ChatResponse.of(
            "resp-" + p.calls.size(),
            p.name,
            r.model(),
            text,
            List.of(),
            FinishReason.STOP,
            Usage.of(10, 5));
  }

  static Step fail(ErrorKind kind) {
    return fail(kind, null);
  }

  static Step fail(ErrorKind kind, @Nullable Duration retryAfter) {
    return (p, r, c) -> {
      throw new ProviderException(
          kind, p.name, r.model(), 0, retryAfter, null, "scripted " + kind, null);
    };
  }

  /** Blocks until the attempt's timeout elapses (then TIMEOUT) or it is cancelled (NETWORK). */
  static Step hang() {
    return (p, r, c) -> {
      throw hangUntilTimeout(p.name, r.model(), c);
    };
  }

  /**
   * Hangs in fake time: advances {@code clock} by the attempt's whole timeout, then fails with
   * TIMEOUT as a provider whose own deadline fired. With the gateway on the same clock, a test of
   * deadlines then measures exact durations instead of racing the wall clock.
   */
  static Step hangOn(FakeClock clock) {
    return (p, r, c) -> {
      clock.advance(c.timeout());
      throw new ProviderException(
          ErrorKind.TIMEOUT, p.name, r.model(), "no answer within " + c.timeout(), null);
    };
  }

  static ProviderException hangUntilTimeout(String provider, String model, ProviderCall c) {
    CountDownLatch cancelled = new CountDownLatch(1);
    c.cancellation().onCancel(cancelled::countDown);
    try {
      if (cancelled.await(c.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
        return new ProviderException(ErrorKind.NETWORK, provider, model, "cancelled", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new ProviderException(
        ErrorKind.TIMEOUT, provider, model, "no answer within " + c.timeout(), null);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public ChatResponse chat(ChatRequest request, ProviderCall call) {
    calls.add(new Call("chat", request.model(), call.key().id(), call.timeout(), call));
    return step(request.model()).run(this, request, call);
  }

  private Step step(String model) {
    Deque<Step> q = queued.get(model);
    if (q != null) {
      synchronized (q) {
        Step s = q.poll();
        if (s != null) {
          return s;
        }
      }
    }
    Step d = defaults.get(model);
    return d != null ? d : answer("ok from " + name + "/" + model);
  }

  @Override
  public ChunkStream stream(ChatRequest request, ProviderCall call) {
    calls.add(new Call("stream", request.model(), call.key().id(), call.timeout(), call));
    Deque<StreamStep> q = streams.get(request.model());
    StreamStep s = null;
    if (q != null) {
      synchronized (q) {
        s = q.poll();
      }
    }
    if (s != null) {
      return s.run(request, call);
    }
    return ScriptedChunkStream.of(
        ScriptedChunkStream.text("ok "),
        ScriptedChunkStream.text("from " + name),
        ScriptedChunkStream.end(Usage.of(3, 2)));
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, ProviderCall call) {
    if (!capabilities.embeddings()) {
      return Provider.super.embed(request, call);
    }
    calls.add(new Call("embed", request.model(), call.key().id(), call.timeout(), call));
    // Run the scripted step for its failures; its answer is not used.
    step(request.model())
        .run(this, ChatRequest.builder().model(request.model()).user("x").build(), call);
    List<Embedding> vectors = new java.util.ArrayList<>();
    for (int i = 0; i < request.inputs().size(); i++) {
      vectors.add(new Embedding(i, new float[] {i, 1f}));
    }
    return EmbeddingResponse.of(name, request.model(), vectors, Usage.of(4, 0));
  }

  @Override
  public void close() {
    closed.set(true);
  }

  List<String> keyIds() {
    return calls.stream().map(Call::keyId).toList();
  }

  @Override
  public String toString() {
    return "ScriptedProvider[" + name + "]";
  }
}
