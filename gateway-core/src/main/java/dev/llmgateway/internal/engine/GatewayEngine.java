package dev.llmgateway.internal.engine;

import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.SpeechAudio;
import dev.llmgateway.budget.Budgets;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.config.EngineSettings;
import dev.llmgateway.internal.config.Snapshot;
import dev.llmgateway.internal.config.SnapshotCompiler;
import dev.llmgateway.internal.pipeline.TenantStage;
import dev.llmgateway.internal.routing.CallRandom;
import dev.llmgateway.internal.stream.OpenStreams;
import dev.llmgateway.internal.util.SafeEventListener;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.usage.UsageRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call runner of one client: runs each call on the configuration {@link Snapshot} that is
 * current when it starts (in its {@link Generation}), records it, and tracks its stream. {@code
 * GatewayClient} adds the public surface, async execution and the closed state; {@link EngineViews}
 * answers explain, health and budget queries. The snapshot can be replaced while calls run ({@link
 * #replace}); state lives in the {@link EngineState}, which clients built with {@code newBuilder()}
 * share. Thread-safe.
 */
public final class GatewayEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayEngine.class);

  private final EngineState state;
  private final SafeEventListener events;
  private final AtomicReference<Generation> current;
  private final AtomicLong versions = new AtomicLong(1);
  private final CallRandom.Seeds seeds;
  private final AtomicLong calls = new AtomicLong();
  private final OpenStreams streams = new OpenStreams();
  private final CallRecorder recorder;
  private final EngineViews views;
  private volatile boolean closed;

  private GatewayEngine(
      EngineState state, SafeEventListener events, Generation first, EngineSettings settings) {
    this.state = state;
    this.events = events;
    this.current = new AtomicReference<>(first);
    RandomGenerator random = settings.random();
    this.seeds =
        random != null ? new CallRandom.Seeds(random) : new CallRandom.Seeds(settings.seed());
    this.recorder = new CallRecorder(state.usage(), settings.clock(), events, streams);
    this.views = new EngineViews(this, state.resilience(), seeds);
  }

  /**
   * Validates the configuration, creates (or shares) the state and the providers.
   *
   * @param settings the builder's settings
   * @param shared the state of the client this one derives from, or null for new state
   * @param ownedExecutor the executor in the settings if the client created it, else null
   * @return the engine
   * @throws ConfigurationException naming what is wrong (see {@link SnapshotCompiler#compile}), or
   *     a factory that rejects its settings
   */
  public static GatewayEngine create(
      EngineSettings settings,
      @Nullable EngineState shared,
      @Nullable ExecutorService ownedExecutor) {
    Snapshot snapshot = SnapshotCompiler.compile(settings, 1);
    EngineState state = shared != null ? shared : EngineState.create(settings, ownedExecutor);
    SafeEventListener events = new SafeEventListener(settings.listener());
    state.join(events);
    try {
      Generation first = Generation.create(snapshot, state, events);
      return new GatewayEngine(state, events, first, settings);
    } catch (RuntimeException | Error e) {
      state.leave(events);
      throw e;
    }
  }

  /**
   * Replaces the configuration snapshot atomically: calls that started keep running on theirs,
   * calls from now on use the new one; the state of targets, keys, budgets and quotas is kept
   * (keyed by stable ids). Providers whose definition did not change are kept too; the others are
   * closed once the last call on the old snapshot ended.
   *
   * @param settings the new configuration
   * @return the new snapshot
   * @throws ConfigurationException if the new configuration is invalid (the current one stays)
   */
  public Snapshot replace(EngineSettings settings) {
    Snapshot snapshot = SnapshotCompiler.compile(settings, versions.incrementAndGet());
    Generation next = Generation.create(snapshot, state, events);
    Generation old = current.getAndSet(next);
    old.exit();
    log.debug(
        "Configuration snapshot {} replaced snapshot {}",
        snapshot.version(),
        old.snapshot().version());
    return snapshot;
  }

  /** The current generation (for views; calls use {@link #enter}). */
  Generation current() {
    return current.get();
  }

  /** The current snapshot. */
  public Snapshot snapshot() {
    return current.get().snapshot();
  }

  /** The state this engine runs on, to share with a derived client. */
  public EngineState state() {
    return state;
  }

  /** The client's listener, protected against exceptions, for events outside calls. */
  public GatewayEventListener events() {
    return events;
  }

  /** The executor of async calls and hedged attempts. */
  public Executor executor() {
    return state.executor();
  }

  /** Enters the current generation; a call leaves it when it (or its stream) ends. */
  private Generation enter() {
    while (true) {
      Generation g = current.get();
      if (g.enter()) {
        return g;
      }
      if (closed) {
        throw new IllegalStateException("GatewayClient is closed");
      }
    }
  }

  /** Runs a plain chat call made now. */
  public ChatResponse chat(ChatRequest request, Cancellation cancellation) {
    return chat(request, cancellation, now());
  }

  /** Runs a plain chat call made at {@code madeAt} (by {@link #now()}), its deadline's start. */
  public ChatResponse chat(ChatRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Chat(request, false), cancellation, madeAt);
    return ((GatewayResponse.Chat) r).response();
  }

  /** Runs a streamed chat call made now, up to its first content chunk. */
  public ChatStream stream(ChatRequest request, Cancellation cancellation) {
    return stream(request, cancellation, now());
  }

  /** Runs a streamed chat call made at {@code madeAt}, up to its first content chunk. */
  public ChatStream stream(ChatRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Chat(request, true), cancellation, madeAt);
    return ((GatewayResponse.Stream) r).stream();
  }

  /** Runs an embedding call made now. */
  public EmbeddingResponse embed(EmbeddingRequest request, Cancellation cancellation) {
    return embed(request, cancellation, now());
  }

  /** Runs an embedding call made at {@code madeAt}. */
  public EmbeddingResponse embed(EmbeddingRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Embed(request), cancellation, madeAt);
    return ((GatewayResponse.Embed) r).response();
  }

  /** Runs an image call made at {@code madeAt}. */
  public ImageResponse images(ImageRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Image(request), cancellation, madeAt);
    return ((GatewayResponse.Image) r).response();
  }

  /** Runs a transcription call made at {@code madeAt}. */
  public TranscriptionResponse transcribe(
      TranscriptionRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Transcribe(request), cancellation, madeAt);
    return ((GatewayResponse.Transcription) r).response();
  }

  /** Runs a speech call made at {@code madeAt}, up to the first bytes of its audio. */
  public SpeechAudio speech(SpeechRequest request, Cancellation cancellation, long madeAt) {
    GatewayResponse r = execute(new GatewayRequest.Speech(request), cancellation, madeAt);
    return ((GatewayResponse.Speech) r).response();
  }

  /**
   * The client's deadline clock: an async call reads it when it is made and hands the value to
   * {@link #chat(ChatRequest, Cancellation, long)} and friends, so that its deadline counts from
   * then, not from when the executor runs it.
   *
   * @return the ticker's time in nanoseconds
   */
  public long now() {
    return snapshot().settings().ticker().read();
  }

  /** A call's deadline: its own {@code CallOptions} timeout or the client's default. */
  public Duration timeout(GatewayRequest request) {
    Duration t = request.options().timeout();
    return t != null ? t : snapshot().settings().defaultTimeout();
  }

  /**
   * Ends an async call that was still waiting for the executor at its deadline, without running any
   * stage: emits its start and failure events, records it, and returns the {@code TIMEOUT} for the
   * caller. Nothing is sent.
   */
  public ProviderException expired(GatewayRequest request, Cancellation cancellation, long madeAt) {
    Generation g = enter();
    try {
      CallState call = newCall(g, request, cancellation, madeAt);
      events.callStart(call.info());
      ProviderException e = notStarted(call);
      log.debug("Call {} for '{}' failed: {}", call.info().id(), call.info().model(), e.toString());
      events.callFailed(call.info(), e);
      recorder.failure(call, null, e);
      return e;
    } finally {
      g.exit();
    }
  }

  /** The failure of a call whose deadline passed before it started running. */
  private static ProviderException notStarted(CallState state) {
    return new ProviderException(
        ErrorKind.TIMEOUT,
        "gateway",
        state.info().model(),
        "Call "
            + state.info().id()
            + " for '"
            + state.info().model()
            + "' exceeded its deadline of "
            + state.timeout()
            + " before it started: it waited "
            + state.elapsed()
            + " for the client's executor; nothing was sent",
        null);
  }

  private GatewayResponse execute(GatewayRequest request, Cancellation cancellation, long madeAt) {
    Generation g = enter();
    boolean streamOwnsGeneration = false;
    try {
      CallState call = newCall(g, request, cancellation, madeAt);
      GatewayResponse response = run(g, request, call);
      if (response instanceof GatewayResponse.Stream s) {
        streamOwnsGeneration = true;
        return new GatewayResponse.Stream(recorder.observe(call, s.stream(), g::exit));
      }
      recorder.answered(call, response);
      return response;
    } finally {
      if (!streamOwnsGeneration) {
        g.exit();
      }
    }
  }

  /** Runs the call's request path; a failure is evented and recorded, then thrown on. */
  private GatewayResponse run(Generation g, GatewayRequest request, CallState call) {
    CallInfo info = call.info();
    events.callStart(info);
    try {
      Duration left = call.remaining();
      if (left.isZero() || left.isNegative()) {
        // An async call that waited for the executor until its deadline: nothing is sent.
        throw notStarted(call);
      }
      return g.pipeline().execute(request, call);
    } catch (RuntimeException | Error e) {
      log.debug("Call {} for '{}' failed: {}", info.id(), info.model(), e.toString());
      CallRecorder.endStreamsOf(call, "the call failed");
      events.callFailed(info, e);
      recorder.failure(call, call.timeToFirstToken(), e);
      throw e;
    }
  }

  /** The usage recorder: its counters, and where records go. */
  public UsageRecorder usage() {
    return recorder.usage();
  }

  /**
   * The plan the next call for this request would follow, without calling anyone. The request is
   * validated first, as a call validates it.
   *
   * @throws dev.llmgateway.error.InvalidRequestException naming the field, as the call would
   */
  public RoutePlan explain(GatewayRequest request) {
    return views.explain(request);
  }

  /** The budgets and where they stand. */
  public Budgets budgets() {
    return views.budgets();
  }

  /** Every known target's health: configured targets and any target called so far. */
  public List<TargetHealth> health() {
    return views.health();
  }

  private CallState newCall(
      Generation g, GatewayRequest request, Cancellation cancellation, long madeAt) {
    EngineSettings settings = g.snapshot().settings();
    CallOptions options = request.options();
    Duration timeout = options.timeout() != null ? options.timeout() : settings.defaultTimeout();
    int maxAttempts =
        options.maxAttempts() != null ? options.maxAttempts() : settings.maxAttempts();
    // The call started when it was made (an async call: when it was submitted, not when it ran).
    Instant startedAt =
        settings.clock().instant().minusNanos(Math.max(0, settings.ticker().read() - madeAt));
    String id = CallIds.of(calls.incrementAndGet());
    // The tenant's default attribution from the start, so that every event (callStart too) has it.
    RequestContext context = TenantStage.attribute(settings.routing().tenants(), request.context());
    CallInfo info = new CallInfo(id, request.kind(), request.model(), context, startedAt);
    return new CallState(
        info,
        cancellation,
        events,
        settings.ticker(),
        madeAt,
        timeout,
        maxAttempts,
        options.headers(),
        seeds.next());
  }

  /**
   * Ends every open stream (cancelling its HTTP call, settling its reservation with what was
   * consumed, recording it as cancelled), lets go of the current snapshot (its providers close once
   * no call uses them and no other client shares them), then leaves the shared state (the last
   * client drains the usage queue, closes the usage sinks and an executor the client created).
   */
  @Override
  public void close() {
    closed = true;
    streams.closeAll();
    current.get().exit();
    state.leave(events);
  }

  @Override
  public String toString() {
    EngineSettings s = snapshot().settings();
    return "providers="
        + s.providers()
        + ", aliases="
        + s.aliases()
        + ", defaultTimeout="
        + s.defaultTimeout()
        + ", maxAttempts="
        + s.maxAttempts()
        + ", retriesPerTarget="
        + s.retriesPerTarget();
  }
}
