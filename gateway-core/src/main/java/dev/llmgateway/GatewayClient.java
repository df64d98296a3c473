package dev.llmgateway;

import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetSpec;
import dev.llmgateway.budget.Budgets;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.Backoff;
import dev.llmgateway.internal.config.CacheSettings;
import dev.llmgateway.internal.config.EngineSettings;
import dev.llmgateway.internal.config.ModelRule;
import dev.llmgateway.internal.config.ProviderDefinition;
import dev.llmgateway.internal.config.QuotaRule;
import dev.llmgateway.internal.config.QuotaSettings;
import dev.llmgateway.internal.config.RequestRule;
import dev.llmgateway.internal.config.RoutingSettings;
import dev.llmgateway.internal.config.TenantRule;
import dev.llmgateway.internal.engine.EngineState;
import dev.llmgateway.internal.engine.GatewayEngine;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.internal.util.CallFuture;
import dev.llmgateway.internal.util.DefaultExecutors;
import dev.llmgateway.internal.util.Sleeper;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.pricing.PriceCatalog;
import dev.llmgateway.pricing.TokenEstimator;
import dev.llmgateway.pricing.UnknownPricePolicy;
import dev.llmgateway.ratelimit.QuotaStore;
import dev.llmgateway.routing.KeyStateStore;
import dev.llmgateway.routing.RoutingHook;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ProviderFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: sends chat, streamed chat and embedding calls to the configured providers, resolving
 * aliases to weighted targets, rotating keys, retrying and falling back, all in process.
 *
 * <pre>{@code
 * try (GatewayClient gateway = GatewayClient.builder()
 *         .provider("openai", p -> p.type("openai").apiKey(Secret.env("OPENAI_API_KEY")))
 *         .provider("claude", p -> p.type("anthropic")
 *             .key("primary", Secret.env("ANTHROPIC_KEY_1"), 70)
 *             .key("secondary", Secret.env("ANTHROPIC_KEY_2"), 30))
 *         .alias("fast", a -> a.target("openai", "gpt-4o-mini", 60)
 *             .target("claude", "claude-haiku-4-5", 40)
 *             .fallback("openai/gpt-4o"))
 *         .build()) {
 *   ChatResponse answer = gateway.chat(request);
 *   try (ChatStream stream = gateway.stream(request)) {
 *     stream.forEach(chunk -> System.out.print(chunk.text()));
 *   }
 * }
 * }</pre>
 *
 * <p>A request's {@code model} is an alias, or {@code provider/model} to address one target
 * directly (split at the first slash: {@code openrouter/meta-llama/llama-3} is model {@code
 * meta-llama/llama-3} of provider {@code openrouter}). Each call has one end-to-end deadline
 * ({@link dev.llmgateway.model.CallOptions#timeout()} or {@link Builder#defaultTimeout}) that
 * covers every attempt, backoff pause and fallback; each attempt gets the time left. When the
 * deadline passes the call fails with a {@link ProviderException} of kind {@link
 * dev.llmgateway.error.ErrorKind#TIMEOUT}. When every target failed or the attempt cap was reached
 * it fails with {@link AllTargetsFailedException}, carrying every attempt.
 *
 * <p><b>Threads and lifetime.</b> Build one client per application and share it: it is immutable
 * and thread-safe, and creating one creates the providers (and their connection pools). {@link
 * #chat}, {@link #stream} and {@link #embed} run on, and block, the calling thread. {@link
 * #chatAsync}, {@link #streamAsync} and {@link #embedAsync} run the same code on the client's
 * executor ({@link Builder#executor}; by default virtual threads on Java 21+, else a bounded pool
 * of daemon threads); a {@link StreamHandler}'s callbacks run on the executor thread that reads the
 * stream. Interceptors and event listeners run on whichever thread runs the call, never under a
 * lock. {@link #close()} ends the streams still open, closes the providers the client created and
 * shuts down the executor it created (never one given to {@link Builder#executor}); calls that are
 * running may then fail, and every later call throws {@link IllegalStateException}. Usage records
 * ({@link Builder#usage}) are built on the calling thread and only enqueued there; a daemon thread
 * ({@code llm-gateway-usage-writer}) writes them to the sinks, and {@code close()} drains it.
 *
 * <p>An async call's deadline counts from its submission: one still waiting for the executor at its
 * deadline is ended, unsent, on the deadline timer thread ({@code llm-gateway-deadlines}, a daemon
 * shared by all clients), which then runs its {@code callFailed} listeners and its handler's {@code
 * onError}.
 */
public final class GatewayClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayClient.class);

  /** The default end-to-end deadline of a call: 60 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The default cap on provider attempts per call, retries and fallbacks together: 3. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** The default number of retries on one target before falling back: 1. */
  public static final int DEFAULT_RETRIES_PER_TARGET = 1;

  /** The default cap of the first backoff pause: 200 milliseconds. */
  public static final Duration DEFAULT_RETRY_BACKOFF_INITIAL = Duration.ofMillis(200);

  /** The default largest backoff pause: 5 seconds. */
  public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(5);

  /** The default share of recent attempts a target may retry: 0.2 (20 percent). */
  public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.2;

  /** The default number of retries per target always allowed in a budget window: 10. */
  public static final int DEFAULT_RETRY_BUDGET_MIN_RETRIES = 10;

  /** The default sliding window of the retry budget: 10 seconds. */
  public static final Duration DEFAULT_RETRY_BUDGET_WINDOW = Duration.ofSeconds(10);

  /** Whether calls wait for the earliest key or circuit recovery by default: {@code true}. */
  public static final boolean DEFAULT_WAIT_FOR_CAPACITY = true;

  /**
   * How long the state of a target addressed directly as {@code provider/model} (its circuit
   * breakers, latency, and keys disabled for it) is kept without use when not set: 10 minutes.
   */
  public static final Duration DEFAULT_IDLE_TARGET_EXPIRY = Duration.ofMinutes(10);

  /**
   * How long a key disabled after a 401 or 403 waits before one trial call when not set: 5 minutes.
   */
  public static final Duration DEFAULT_DISABLED_KEY_PROBE_INTERVAL = Duration.ofMinutes(5);

  /** The zone of daily and monthly budget windows when none is set: UTC. */
  public static final ZoneId DEFAULT_BUDGET_ZONE = ZoneOffset.UTC;

  /**
   * What calls to unpriced models do under a budget when not set: {@link UnknownPricePolicy#ALLOW}.
   */
  public static final UnknownPricePolicy DEFAULT_UNKNOWN_PRICE_POLICY = UnknownPricePolicy.ALLOW;

  private final GatewayEngine engine;
  private final Executor executor;
  private volatile Builder origin;
  private volatile @Nullable ConfigReloader reloader;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GatewayClient(GatewayEngine engine, Builder origin) {
    this.engine = engine;
    this.executor = engine.executor();
    this.origin = origin;
  }

  /**
   * The client's budgets and where they stand in their current windows.
   *
   * <pre>{@code
   * client.budgets().status(BudgetScope.team("support")).get(0).remaining();
   * }</pre>
   *
   * @return the query view
   */
  public Budgets budgets() {
    return engine.budgets();
  }

  /**
   * A new builder.
   *
   * @return a builder with every setting at its default
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a client from a YAML or JSON configuration file (see {@code docs/configuration.md}): the
   * same as {@code builder().config(file).build()}, with secret references resolved by {@link
   * SecretResolver#defaults()}.
   *
   * <pre>{@code
   * try (GatewayClient gateway = GatewayClient.fromConfig(Path.of("gateway.yaml"))) { ... }
   * }</pre>
   *
   * @param file the configuration file; {@code .json} is read as JSON, anything else as YAML
   * @return the client; close it when the application stops
   * @throws dev.llmgateway.config.ConfigException with every problem of the file, each with its
   *     path
   * @throws ConfigurationException if the configuration as a whole is invalid (as {@link
   *     Builder#build()})
   */
  public static GatewayClient fromConfig(Path file) {
    return builder().config(file).build();
  }

  /**
   * Builds a client from a configuration source that it reloads on each change: the same as {@code
   * builder().configSource(source).build()} (see {@link Builder#configSource}).
   *
   * <pre>{@code
   * GatewayClient gateway = GatewayClient.fromConfig(ConfigSource.file(Path.of("gateway.yaml")));
   * }</pre>
   *
   * @param source where the configuration comes from
   * @return the client; close it when the application stops (that stops the reloading)
   * @throws dev.llmgateway.config.ConfigException with every problem of the configuration
   * @throws ConfigurationException if the configuration as a whole is invalid
   */
  public static GatewayClient fromConfig(dev.llmgateway.config.ConfigSource source) {
    return builder().configSource(source).build();
  }

  /**
   * A builder pre-filled with this client's configuration, whose {@link Builder#build()} returns a
   * client that shares this one's state: the provider instances (and with them their HTTP
   * connection pools) whose configuration it does not change, circuit breakers, key cooldowns and
   * disabled keys, latencies, the retry budget, the budget ledger, the quota store, the response
   * cache's store, the usage queue and sinks, and the executor. Use it for a client with other
   * interceptors, listeners, timeouts or aliases over the same providers and budgets, as OkHttp's
   * {@code newBuilder()} shares a connection pool.
   *
   * <p>Settings that configure that shared state cannot be changed on the derived builder (they
   * throw {@link ConfigurationException} saying so): {@code executor}, {@code clock}, {@code
   * circuitBreaker}, {@code retryBudget}, {@code usage}, {@code quotaStore}, {@code budgetLedger},
   * {@code keyStateStore}, {@code budgetZone}, {@code idleTargetExpiry} and {@code
   * disabledKeyProbeInterval}. The shared state's events (circuit changes, key cooldowns and the
   * like) reach the listeners of every client that shares it. Shared providers are closed when the
   * last client using them closes; closing this client does not end calls of the derived one.
   *
   * <pre>{@code
   * GatewayClient audited = gateway.newBuilder().interceptor(auditLog).build();
   * }</pre>
   *
   * @return the pre-filled builder
   * @throws IllegalStateException if this client is closed
   */
  public Builder newBuilder() {
    ensureOpen();
    Builder b = origin.copy();
    b.shared = engine.state();
    return b;
  }

  /**
   * Replaces this client's configuration with a builder's, atomically: calls under way finish on
   * the configuration they started with, calls from now on use the new one, and the state of
   * targets, keys, budgets and quotas that did not change is kept. Not public yet: live reload
   * builds on it.
   *
   * @param builder a builder from {@link #newBuilder()} of this client
   * @throws ConfigurationException if the configuration is invalid (the current one stays)
   * @throws IllegalArgumentException if the builder does not come from this client
   */
  long replaceConfiguration(Builder builder) {
    ensureOpen();
    if (builder.shared != engine.state()) {
      throw new IllegalArgumentException("the builder must come from this client's newBuilder()");
    }
    long version = engine.replace(builder.settings(executor)).version();
    origin = builder.copy();
    return version;
  }

  /** Whether {@link #close()} was called. */
  boolean isClosed() {
    return closed.get();
  }

  /**
   * Reloads the configuration from the client's {@link dev.llmgateway.config.ConfigSource} now, as
   * a change signal of the source would (see {@link Builder#configSource}): for sources that do not
   * signal changes, such as a database table. Runs on the client's reload thread, after any reload
   * under way, and waits for it. An accepted configuration serves calls from now on (listeners get
   * {@link GatewayEventListener#configReloaded}); a rejected one changes nothing (a WARN and {@link
   * GatewayEventListener#configRejected} name its problems).
   *
   * <pre>{@code
   * long version = gateway.reload();
   * }</pre>
   *
   * @return the version of the configuration now serving (the first is 1)
   * @throws dev.llmgateway.config.ConfigException if the configuration was rejected, with every
   *     problem
   * @throws IllegalStateException if the client has no configuration source or is closed
   */
  public long reload() {
    ensureOpen();
    ConfigReloader r = reloader;
    if (r == null) {
      throw new IllegalStateException(
          "GatewayClient has no ConfigSource to reload from; build it with"
              + " Builder.configSource(...)");
    }
    return r.reload();
  }

  /**
   * Sends a chat call and waits for the whole answer, on the calling thread.
   *
   * @param request the request; its model is an alias or {@code provider/model}
   * @return the answer, with {@link ChatResponse#route()} telling which target answered and every
   *     attempt made
   * @throws InvalidRequestException if the request is invalid (nothing was sent)
   * @throws NoRouteException if the model is unknown or no target can serve the request
   * @throws ProviderException as thrown by a provider when its kind does not fall back (such as
   *     {@code INVALID_REQUEST}), or of kind {@code TIMEOUT} when the call's deadline passed
   * @throws AllTargetsFailedException if every target failed or the attempt cap was reached
   * @throws CancellationException if the call was cancelled
   * @throws IllegalStateException if the client is closed
   */
  public ChatResponse chat(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.chat(request, new Cancellation());
  }

  /**
   * Sends a chat call on the client's executor.
   *
   * <p>The call's deadline counts from this method's call, not from when the executor gets to it: a
   * call still waiting for the executor at its deadline fails with a {@link ProviderException} of
   * kind {@code TIMEOUT} without being sent (completed on the client's deadline timer thread), and
   * one that starts late has only the time left.
   *
   * <p>Cancelling the returned future ({@code cancel(true)} or {@code cancel(false)}) cancels the
   * provider call in flight.
   *
   * @param request the request
   * @return a future completed with the answer, or exceptionally with what {@link #chat} throws (or
   *     {@link RejectedExecutionException} if the executor refused the task)
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    long madeAt = engine.now();
    Cancellation cancellation = new Cancellation();
    CallFuture<ChatResponse> future = new CallFuture<>(cancellation);
    submit(
        future,
        new GatewayRequest.Chat(request, false),
        madeAt,
        () -> engine.chat(request, cancellation, madeAt));
    return future;
  }

  /**
   * Starts a streamed chat call, on the calling thread. Returns once the first content chunk
   * arrived: until then the client may retry and fall back; afterwards the stream is committed to
   * its target.
   *
   * @param request the request
   * @return the open stream; close it
   * @throws InvalidRequestException if the request is invalid (nothing was sent)
   * @throws NoRouteException if the model is unknown or no target can stream this request
   * @throws ProviderException as {@link #chat} does
   * @throws AllTargetsFailedException if every target failed before its first content chunk
   * @throws IllegalStateException if the client is closed
   */
  public ChatStream stream(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.stream(request, new Cancellation());
  }

  /**
   * Streams a chat call on the client's executor, passing each chunk to the handler as soon as it
   * arrived. The handler's callbacks run on that executor thread, in order; exactly one of {@link
   * StreamHandler#onComplete} or {@link StreamHandler#onError} ends the stream.
   *
   * <p>Cancelling the returned future closes the stream and cancels the provider call; the handler
   * then receives {@code onError} with a {@link CancellationException}.
   *
   * <p>The call's deadline counts from this method's call: a call still waiting for the executor at
   * its deadline is not sent; the handler receives {@code onError} with a {@link ProviderException}
   * of kind {@code TIMEOUT}, on the client's deadline timer thread.
   *
   * @param request the request
   * @param handler receives the chunks and the end
   * @return a future completed with the assembled answer after {@code onComplete}, or exceptionally
   *     with the failure passed to {@code onError}
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<ChatResponse> streamAsync(ChatRequest request, StreamHandler handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    ensureOpen();
    long madeAt = engine.now();
    Cancellation cancellation = new Cancellation();
    CallFuture<ChatResponse> future = new CallFuture<>(cancellation);
    Runnable task =
        () -> {
          ChatResponse response = null;
          Throwable error = null;
          try (ChatStream stream = engine.stream(request, cancellation, madeAt)) {
            for (ChatChunk chunk : stream) {
              handler.onChunk(chunk);
            }
            response = stream.response();
          } catch (RuntimeException | Error e) {
            error = e;
          }
          if (error == null && future.isCancelled()) {
            error =
                new CancellationException(
                    "streamAsync for '" + request.model() + "' was cancelled");
          }
          if (error == null) {
            try {
              handler.onComplete(response);
              future.complete(response);
            } catch (RuntimeException e) {
              future.completeExceptionally(e);
            }
          } else {
            try {
              handler.onError(error);
            } catch (RuntimeException e) {
              log.warn("StreamHandler.onError threw; ignoring it", e);
            }
            future.completeExceptionally(error);
          }
        };
    execute(
        future,
        new GatewayRequest.Chat(request, true),
        madeAt,
        task,
        timeout -> {
          try {
            handler.onError(timeout);
          } catch (RuntimeException e) {
            log.warn("StreamHandler.onError threw; ignoring it", e);
          }
          future.completeExceptionally(timeout);
        });
    return future;
  }

  /**
   * Sends an embedding call and waits for the vectors, on the calling thread. Aliases may point at
   * embedding models; providers without embeddings are skipped.
   *
   * @param request the request
   * @return the vectors, with their route
   * @throws InvalidRequestException if the request is invalid
   * @throws NoRouteException if the model is unknown or no target has embeddings
   * @throws ProviderException as {@link #chat} does
   * @throws AllTargetsFailedException if every target failed
   * @throws IllegalStateException if the client is closed
   */
  public EmbeddingResponse embed(EmbeddingRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.embed(request, new Cancellation());
  }

  /**
   * Sends an embedding call on the client's executor; cancelling the future cancels the call. Its
   * deadline counts from this method's call, as for {@link #chatAsync}.
   *
   * @param request the request
   * @return a future completed with the vectors, or exceptionally with what {@link #embed} throws
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    long madeAt = engine.now();
    Cancellation cancellation = new Cancellation();
    CallFuture<EmbeddingResponse> future = new CallFuture<>(cancellation);
    submit(
        future,
        new GatewayRequest.Embed(request),
        madeAt,
        () -> engine.embed(request, cancellation, madeAt));
    return future;
  }

  /**
   * Generates images, on the calling thread. The model is an alias or {@code provider/model};
   * targets whose model cannot generate images are skipped. Each attempt reserves its worst case
   * (the most expensive size and quality when they are left to the model) in every applicable
   * budget; the answer is charged by the images it returned (or by the tokens the provider
   * reported) and recorded. Failures retry and fall back as chat calls do; an image call is never
   * answered from the response cache.
   *
   * <pre>{@code
   * ImageResponse r = gateway.images(ImageRequest.builder()
   *     .model("images").prompt("A lighthouse at dawn, watercolour").size("1024x1024").build());
   * byte[] png = r.images().get(0).data();
   * }</pre>
   *
   * @param request the request
   * @return the images, with their route and cost
   * @throws InvalidRequestException if the request is invalid
   * @throws NoRouteException if the model is unknown or no target can generate images
   * @throws dev.llmgateway.error.BudgetExceededException if a budget refuses the worst case
   * @throws ProviderException as {@link #chat} does
   * @throws AllTargetsFailedException if every target failed
   * @throws IllegalStateException if the client is closed
   */
  public ImageResponse images(ImageRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.images(request, new Cancellation(), engine.now());
  }

  /**
   * Generates images on the client's executor; cancelling the future cancels the call. Its deadline
   * counts from this method's call, as for {@link #chatAsync}.
   *
   * @param request the request
   * @return a future completed with the images, or exceptionally with what {@link #images} throws
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<ImageResponse> imagesAsync(ImageRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    long madeAt = engine.now();
    Cancellation cancellation = new Cancellation();
    CallFuture<ImageResponse> future = new CallFuture<>(cancellation);
    submit(
        future,
        new GatewayRequest.Image(request),
        madeAt,
        () -> engine.images(request, cancellation, madeAt));
    return future;
  }

  /**
   * Transcribes audio, on the calling thread. Targets whose model cannot transcribe are skipped.
   * Each attempt reserves the worst case (from the audio's duration when it is known, see {@code
   * docs/spend-control.md}); the answer is charged by its reported tokens or its duration, and
   * recorded. Failures retry and fall back as chat calls do.
   *
   * @param request the request
   * @return the transcript, with its route and cost
   * @throws InvalidRequestException if the request is invalid
   * @throws NoRouteException if the model is unknown or no target can transcribe
   * @throws dev.llmgateway.error.BudgetExceededException if a budget refuses the worst case
   * @throws ProviderException as {@link #chat} does
   * @throws AllTargetsFailedException if every target failed
   * @throws IllegalStateException if the client is closed
   */
  public TranscriptionResponse transcribe(TranscriptionRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.transcribe(request, new Cancellation(), engine.now());
  }

  /**
   * Transcribes audio on the client's executor; cancelling the future cancels the call.
   *
   * @param request the request
   * @return a future completed with the transcript, or exceptionally with what {@link #transcribe}
   *     throws
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<TranscriptionResponse> transcribeAsync(TranscriptionRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    long madeAt = engine.now();
    Cancellation cancellation = new Cancellation();
    CallFuture<TranscriptionResponse> future = new CallFuture<>(cancellation);
    submit(
        future,
        new GatewayRequest.Transcribe(request),
        madeAt,
        () -> engine.transcribe(request, cancellation, madeAt));
    return future;
  }

  /**
   * Turns text into speech, on the calling thread, and returns the audio as it arrives. Targets
   * whose model cannot speak are skipped; the call retries and falls back until the provider starts
   * sending audio, and is then charged (by its input's characters or tokens) and recorded. The
   * call's deadline covers reading the audio too. Close the result.
   *
   * @param request the request
   * @return the audio, still streaming, with its route and cost
   * @throws InvalidRequestException if the request is invalid
   * @throws NoRouteException if the model is unknown or no target can speak
   * @throws dev.llmgateway.error.BudgetExceededException if a budget refuses the worst case
   * @throws ProviderException as {@link #chat} does
   * @throws AllTargetsFailedException if every target failed
   * @throws IllegalStateException if the client is closed
   */
  public SpeechAudio speech(SpeechRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.speech(request, new Cancellation(), engine.now());
  }

  /**
   * Returns the plan the router would follow for a request, and why, without calling anyone: how
   * the model was resolved (hook, rule, alias, default alias, model rule), the targets in order
   * with their weights, shares, key order and reasons, and the targets left out with theirs.
   *
   * <pre>{@code
   * RoutePlan plan = gateway.explain(request);
   * assertThat(gateway.chat(request).route().target()).isEqualTo(plan.targets().get(0));
   * }</pre>
   *
   * <p>Explain uses the random source the next call will get and does not advance round-robin
   * counters, so with a seeded client ({@link Builder#seed}) and no other call in between, the next
   * call tries exactly this order (the plan can still differ if a circuit or key changes state in
   * between, or with a {@link Builder#random} source, whose draws cannot be previewed).
   *
   * <p>The request is validated as a call validates it, and the plan prints as a table ({@link
   * dev.llmgateway.routing.RoutePlan#toString()}).
   *
   * @param request the request
   * @return the plan
   * @throws InvalidRequestException naming the field if the request is invalid, as the call would
   * @throws NoRouteException if the model is unknown or no target can serve the request
   * @throws dev.llmgateway.error.TenantPolicyException if the request's tenant may not call what it
   *     resolves to, as the call would be refused
   * @throws IllegalStateException if the client is closed
   */
  public dev.llmgateway.routing.RoutePlan explain(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.explain(new GatewayRequest.Chat(request, false));
  }

  /**
   * Returns the plan the router would follow for a streamed call of the request; see {@link
   * #explain(ChatRequest)}.
   *
   * @param request the request
   * @return the plan
   * @throws InvalidRequestException naming the field if the request is invalid, as the call would
   * @throws NoRouteException if the model is unknown or no target can stream the request
   * @throws dev.llmgateway.error.TenantPolicyException if the request's tenant may not call what it
   *     resolves to, as the call would be refused
   * @throws IllegalStateException if the client is closed
   */
  public dev.llmgateway.routing.RoutePlan explainStream(ChatRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    return engine.explain(new GatewayRequest.Chat(request, true));
  }

  /**
   * A snapshot of the health of every configured target and every target called so far: per key its
   * circuit state (and until when an open circuit refuses calls), its rate-limit cooldown and
   * whether it was disabled; per target its in-flight attempts and moving average latency and time
   * to first token. Cheap; safe to call often (a health endpoint). {@link
   * dev.llmgateway.routing.TargetHealth#table(List)} prints the list as one aligned table.
   *
   * @return the targets, sorted by {@code provider/model}
   */
  public List<dev.llmgateway.routing.TargetHealth> health() {
    return engine.health();
  }

  /**
   * The usage recording's counters: records written, dropped because the queue was full, refused
   * after close, and sink failures.
   *
   * <pre>{@code
   * long lost = gateway.usage().droppedCount();
   * }</pre>
   *
   * @return the recorder; {@link dev.llmgateway.usage.UsageRecorder#enabled()} is {@code false}
   *     without sinks
   */
  public dev.llmgateway.usage.UsageRecorder usage() {
    return engine.usage();
  }

  /**
   * Ends every stream still open (cancels its provider call, settles its budget reservation with
   * what was consumed and records it as cancelled; a thread reading it gets a {@link
   * CancellationException}), closes the providers this client created and shuts down the executor
   * it created (not one given to the builder), then writes every usage record queued so far,
   * flushes and closes the usage sinks (waiting up to {@link UsageSpec#closeTimeout}). Idempotent.
   * Calls still running may fail; later calls throw {@link IllegalStateException}; a usage record
   * that arrives after close (a call that was still running) is refused and counted in {@link
   * dev.llmgateway.usage.UsageRecorder#refusedCount()}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ConfigReloader r = reloader;
    if (r != null) {
      r.close();
    }
    engine.close();
    log.debug("GatewayClient closed");
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("GatewayClient is closed");
    }
  }

  private <T> void submit(
      CallFuture<T> future, GatewayRequest request, long madeAt, Supplier<T> call) {
    execute(
        future,
        request,
        madeAt,
        () -> {
          try {
            future.complete(call.get());
          } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
          }
        },
        future::completeExceptionally);
  }

  /**
   * Runs an async call's task on the executor; if the call is still waiting at its deadline
   * (counted from {@code madeAt}), it is never run and {@code expired} receives its TIMEOUT.
   */
  private void execute(
      CallFuture<?> future,
      GatewayRequest request,
      long madeAt,
      Runnable task,
      Consumer<ProviderException> expired) {
    Duration left = engine.timeout(request).minusNanos(Math.max(0, engine.now() - madeAt));
    future.expireAfter(
        left, () -> expired.accept(engine.expired(request, future.cancellation(), madeAt)));
    try {
      executor.execute(
          () -> {
            if (future.tryStart()) {
              task.run();
            }
          });
    } catch (RejectedExecutionException e) {
      future.disarm();
      future.completeExceptionally(e);
    }
  }

  /** Describes the configuration: providers with key ids and secret sources, never key values. */
  @Override
  public String toString() {
    return "GatewayClient{" + engine + (closed.get() ? ", closed" : "") + "}";
  }

  /**
   * Builds a {@link GatewayClient}. Every setter checks its argument at once and throws {@link
   * ConfigurationException} with the value given; {@link #build()} checks the configuration as a
   * whole. Not thread-safe; {@link #toString()} never shows secret values.
   */
  public static final class Builder {
    private final Map<String, ProviderSpec> providers = new LinkedHashMap<>();
    private final Map<String, AliasSpec> aliases = new LinkedHashMap<>();
    private final Map<String, TenantSpec> tenants = new LinkedHashMap<>();
    private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    private final List<GatewayEventListener> listeners = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<AttemptInterceptor> attemptInterceptors = new ArrayList<>();
    private @Nullable EngineState shared;
    private Duration defaultTimeout = DEFAULT_TIMEOUT;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private int retriesPerTarget = DEFAULT_RETRIES_PER_TARGET;
    private Duration backoffInitial = DEFAULT_RETRY_BACKOFF_INITIAL;
    private Duration backoffMax = DEFAULT_RETRY_BACKOFF_MAX;
    private @Nullable Executor executor;
    private @Nullable Clock clock;
    private @Nullable RandomGenerator random;
    private @Nullable ClassLoader classLoader;
    private Sleeper sleeper = Sleeper.system();
    private final List<RequestRuleSpec> requestRules = new ArrayList<>();
    private @Nullable RoutingHook routingHook;
    private final List<ModelRule> modelRules = new ArrayList<>();
    private @Nullable String defaultAlias;
    private boolean unknownModelsToDefault;
    private final List<String> defaultFallbacks = new ArrayList<>();
    private CircuitBreakerSpec circuitBreaker = new CircuitBreakerSpec();
    private @Nullable CacheSpec cache;
    private final List<QuotaRule> quotas = new ArrayList<>();
    private @Nullable QuotaStore quotaStore;
    private @Nullable KeyStateStore keyStateStore;
    private UsageSpec usage = new UsageSpec();
    private double retryBudgetRatio = DEFAULT_RETRY_BUDGET_RATIO;
    private int retryBudgetMinRetries = DEFAULT_RETRY_BUDGET_MIN_RETRIES;
    private Duration retryBudgetWindow = DEFAULT_RETRY_BUDGET_WINDOW;
    private boolean waitForCapacity = DEFAULT_WAIT_FOR_CAPACITY;
    private Duration idleTargetExpiry = DEFAULT_IDLE_TARGET_EXPIRY;
    private Duration disabledKeyProbeInterval = DEFAULT_DISABLED_KEY_PROBE_INTERVAL;
    private @Nullable Long seed;
    private PriceCatalog priceCatalog = PriceCatalog.bundled();
    private final List<Consumer<PriceCatalog.Builder>> priceChanges = new ArrayList<>();
    private TokenEstimator tokenEstimator = TokenEstimator.defaults();
    private final List<Budget> budgets = new ArrayList<>();
    private @Nullable BudgetLedger budgetLedger;
    private ZoneId budgetZone = DEFAULT_BUDGET_ZONE;
    private UnknownPricePolicy unknownPricePolicy = DEFAULT_UNKNOWN_PRICE_POLICY;
    private SecretResolver secretResolver = SecretResolver.defaults();
    private dev.llmgateway.config.@Nullable ConfigSource configSource;

    private Builder() {}

    /**
     * Adds a provider instance and configures it. Defaults to no providers.
     *
     * <pre>{@code
     * .provider("claude", p -> p.type("anthropic").apiKey(Secret.env("ANTHROPIC_API_KEY")))
     * }</pre>
     *
     * @param name the instance's name, used in aliases and {@code provider/model}; not blank, no
     *     {@code /}
     * @param spec configures the provider; runs at once
     * @return this builder
     * @throws ConfigurationException if the name is invalid or taken, or the spec rejects a value
     */
    public Builder provider(String name, Consumer<ProviderSpec> spec) {
      checkName(name, "provider");
      if (providers.containsKey(name)) {
        throw new ConfigurationException("Provider '" + name + "' is already configured");
      }
      Objects.requireNonNull(spec, "spec");
      ProviderSpec p = new ProviderSpec(name);
      spec.accept(p);
      providers.put(name, p);
      return this;
    }

    /**
     * Registers a provider factory directly, for factories that are not listed in {@code
     * META-INF/services}. Factories given here are considered before those found through {@link
     * java.util.ServiceLoader}; a factory of another class claiming the same type makes {@link
     * #build()} fail naming both classes. Defaults to none (only discovered factories).
     *
     * @param factory the factory
     * @return this builder
     * @throws ConfigurationException if the factory's type is blank, or another factory class was
     *     already registered for the type (naming both classes)
     */
    public Builder providerFactory(ProviderFactory factory) {
      if (factory == null) {
        throw new ConfigurationException("providerFactory must not be null");
      }
      String type = factory.type();
      if (type == null || type.isBlank()) {
        throw new ConfigurationException(
            "Provider factory " + factory.getClass().getName() + " has a blank type: " + type);
      }
      ProviderFactory existing = factories.get(type);
      if (existing != null && existing.getClass() != factory.getClass()) {
        throw new ConfigurationException(
            "Two provider factories claim type '"
                + type
                + "': "
                + existing.getClass().getName()
                + " and "
                + factory.getClass().getName());
      }
      factories.put(type, factory);
      return this;
    }

    /**
     * Adds a model alias and configures its targets and fallbacks. Defaults to no aliases.
     *
     * <pre>{@code
     * .alias("fast", a -> a.target("openai", "gpt-4o-mini", 60)
     *     .target("claude", "claude-haiku-4-5", 40)
     *     .fallback("openai/gpt-4o"))
     * }</pre>
     *
     * @param name the alias; not blank, and without {@code /} so it cannot look like {@code
     *     provider/model}
     * @param spec configures the alias; runs at once
     * @return this builder
     * @throws ConfigurationException if the name is invalid or taken, or the spec rejects a value
     */
    public Builder alias(String name, Consumer<AliasSpec> spec) {
      checkName(name, "alias");
      if (aliases.containsKey(name)) {
        throw new ConfigurationException("Alias '" + name + "' is already configured");
      }
      Objects.requireNonNull(spec, "spec");
      AliasSpec a = new AliasSpec(name);
      spec.accept(a);
      aliases.put(name, a);
      return this;
    }

    /**
     * Adds a tenant's policy: the aliases and models it may call and the default attribution of its
     * requests (those whose {@link dev.llmgateway.model.RequestContext#tenant()} is {@code name}).
     * See {@link TenantSpec} for the rules. A call outside the allowlist fails with {@link
     * dev.llmgateway.error.TenantPolicyException} before any provider is called, and is recorded as
     * {@code REFUSED}. Tenants no policy names may call everything. Defaults to no policies.
     *
     * <pre>{@code
     * .tenant("acme", t -> t.allowAliases("fast").defaultTeam("support"))
     * }</pre>
     *
     * @param name the tenant, as requests name it; not blank
     * @param spec configures the policy; runs at once
     * @return this builder
     * @throws ConfigurationException if the name is blank or taken, or the spec rejects a value;
     *     {@link #build()} fails if an allowed alias is not configured
     */
    public Builder tenant(String name, Consumer<TenantSpec> spec) {
      if (name == null || name.isBlank()) {
        throw new ConfigurationException("A tenant name must not be blank, was " + name);
      }
      if (tenants.containsKey(name)) {
        throw new ConfigurationException("Tenant '" + name + "' is already configured");
      }
      Objects.requireNonNull(spec, "spec");
      TenantSpec t = new TenantSpec(name);
      spec.accept(t);
      tenants.put(name, t);
      return this;
    }

    /**
     * Sets the end-to-end deadline of calls that set none in their {@link
     * dev.llmgateway.model.CallOptions}. Defaults to {@link #DEFAULT_TIMEOUT}.
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws ConfigurationException if the timeout is null, zero or negative
     */
    public Builder defaultTimeout(Duration timeout) {
      if (timeout == null || timeout.isZero() || timeout.isNegative()) {
        throw new ConfigurationException("defaultTimeout must be positive, was " + timeout);
      }
      this.defaultTimeout = timeout;
      return this;
    }

    /**
     * Sets the most provider attempts a call may make, counting key changes, retries and fallbacks
     * together, for calls that set none in their options. Defaults to {@link
     * #DEFAULT_MAX_ATTEMPTS}.
     *
     * @param maxAttempts at least 1
     * @return this builder
     * @throws ConfigurationException if below 1
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new ConfigurationException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets how many times a call retries one target (after a retryable failure) before it falls
     * back to the next; the attempt cap still applies. Defaults to {@link
     * #DEFAULT_RETRIES_PER_TARGET}.
     *
     * @param retries at least 0
     * @return this builder
     * @throws ConfigurationException if negative
     */
    public Builder retriesPerTarget(int retries) {
      if (retries < 0) {
        throw new ConfigurationException("retriesPerTarget must not be negative, was " + retries);
      }
      this.retriesPerTarget = retries;
      return this;
    }

    /**
     * Sets the backoff between retries of one target: exponential with full jitter, the pause
     * before retry {@code n} uniform in {@code [0, min(max, initial * 2^n)]}. A provider's {@code
     * Retry-After} replaces it when given, if it fits in the call's remaining time (otherwise the
     * retry is skipped). {@link Duration#ZERO} for both disables pauses (tests). Defaults to {@link
     * #DEFAULT_RETRY_BACKOFF_INITIAL} and {@link #DEFAULT_RETRY_BACKOFF_MAX}.
     *
     * @param initial the cap of the first pause, zero or positive
     * @param max the largest cap, at least {@code initial}
     * @return this builder
     * @throws ConfigurationException if a duration is null or negative, or max is below initial
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      if (initial == null || initial.isNegative() || max == null || max.isNegative()) {
        throw new ConfigurationException(
            "retryBackoff durations must be zero or positive, were " + initial + " and " + max);
      }
      if (max.compareTo(initial) < 0) {
        throw new ConfigurationException(
            "retryBackoff max must be at least initial, was " + max + " < " + initial);
      }
      this.backoffInitial = initial;
      this.backoffMax = max;
      return this;
    }

    /**
     * Sets the executor that runs async calls and stream handlers. The client never shuts a given
     * executor down. Defaults to virtual threads on Java 21+, else a pool of at most {@value
     * DefaultExecutors#MAX_POOL_THREADS} daemon threads named {@code llm-gateway-N}, created by and
     * shut down with the client.
     *
     * @param executor the executor
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder executor(Executor executor) {
      checkNotShared("executor");
      if (executor == null) {
        throw new ConfigurationException("executor must not be null");
      }
      this.executor = executor;
      return this;
    }

    /**
     * Sets the clock. Providers receive it; when one is set, call deadlines, backoff and latencies
     * are measured with it too, so tests can drive time. Defaults to {@link Clock#systemUTC()} for
     * wall time and {@link System#nanoTime()} for deadlines and latencies.
     *
     * @param clock the clock
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder clock(Clock clock) {
      checkNotShared("clock");
      if (clock == null) {
        throw new ConfigurationException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Sets the random source for routing, key picks and backoff jitter. It is shared by all calls,
     * so it must be thread-safe if calls run concurrently ({@link java.util.Random} is). Defaults
     * to {@link ThreadLocalRandom} of the calling thread.
     *
     * @param random the random source
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder random(RandomGenerator random) {
      if (random == null) {
        throw new ConfigurationException("random must not be null");
      }
      this.random = random;
      this.seed = null;
      return this;
    }

    /**
     * Makes routing, key picks and jitter reproducible: same as {@code random(new
     * java.util.Random(seed))}. Defaults to unseeded ({@link ThreadLocalRandom}).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      this.random = null;
      return this;
    }

    /**
     * Adds a declarative request rule: when a call matches its conditions (requested model, tenant,
     * team, feature, tags, priority, estimated prompt size), it is routed to the rule's alias.
     * Rules are checked in the order added, after the {@link #routingHook} and before the requested
     * model is resolved; the first match wins. Defaults to none.
     *
     * <pre>{@code
     * .requestRule(r -> r.forModel("auto").priority("high").routeTo("premium"))
     * }</pre>
     *
     * @param spec configures the rule; runs at once
     * @return this builder
     * @throws ConfigurationException if the spec rejects a value or sets no alias
     */
    public Builder requestRule(Consumer<RequestRuleSpec> spec) {
      if (spec == null) {
        throw new ConfigurationException("requestRule spec must not be null");
      }
      RequestRuleSpec r = new RequestRuleSpec();
      spec.accept(r);
      r.toRule(requestRules.size() + 1);
      requestRules.add(r);
      return this;
    }

    /**
     * Sets the Java routing hook, asked first for every call (see {@link RoutingHook}). Defaults to
     * none.
     *
     * @param hook the hook
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder routingHook(RoutingHook hook) {
      if (hook == null) {
        throw new ConfigurationException("routingHook must not be null");
      }
      this.routingHook = hook;
      return this;
    }

    /**
     * Routes model names matching a glob to a provider, as {@code provider/model}: a request for
     * {@code gpt-4o} with {@code modelRule("gpt-*", "openai")} goes to {@code openai/gpt-4o}. The
     * glob is an exact name, a prefix ({@code gpt-*}), a suffix ({@code *-latest}) or {@code *};
     * matched by plain string comparison. Rules apply only to names that are not aliases or {@code
     * provider/model}, in the order added. Defaults to none.
     *
     * @param glob the pattern, not blank, with at most one {@code *} at its start or end
     * @param provider a configured provider (checked by {@link #build()})
     * @return this builder
     * @throws ConfigurationException if the glob is blank or has a {@code *} elsewhere
     */
    public Builder modelRule(String glob, String provider) {
      if (glob == null || glob.isBlank()) {
        throw new ConfigurationException("modelRule glob must not be blank, was " + glob);
      }
      int star = glob.indexOf('*');
      if (star >= 0
          && !glob.equals("*")
          && (glob.indexOf('*', star + 1) >= 0 || (star != 0 && star != glob.length() - 1))) {
        throw new ConfigurationException(
            "modelRule glob may have one '*' at its start or end only, was '" + glob + "'");
      }
      checkName(provider, "modelRule provider");
      modelRules.add(new ModelRule(glob, provider));
      return this;
    }

    /**
     * Sets the default alias: requests for the model {@code "default"} go to it, and so do requests
     * for unknown models when {@link #unknownModelsToDefault(boolean)} is on. Defaults to none.
     *
     * @param alias a configured alias (checked by {@link #build()})
     * @return this builder
     * @throws ConfigurationException if blank
     */
    public Builder defaultAlias(String alias) {
      checkName(alias, "defaultAlias");
      this.defaultAlias = alias;
      return this;
    }

    /**
     * Sends requests whose model is neither an alias, nor {@code provider/model}, nor matched by a
     * model rule to the default alias instead of failing with {@link NoRouteException}. Defaults to
     * {@code false}: a typo in a model name should fail loudly.
     *
     * @param enabled whether unknown models go to the default alias
     * @return this builder
     */
    public Builder unknownModelsToDefault(boolean enabled) {
      this.unknownModelsToDefault = enabled;
      return this;
    }

    /**
     * Adds a fallback appended to the plan of every alias, after the alias's own fallbacks: an
     * alias name or {@code provider/model}. Defaults to none.
     *
     * @param aliasOrTarget an alias or {@code provider/model} (checked by {@link #build()})
     * @return this builder
     * @throws ConfigurationException if blank or already added
     */
    public Builder defaultFallback(String aliasOrTarget) {
      if (aliasOrTarget == null || aliasOrTarget.isBlank()) {
        throw new ConfigurationException("defaultFallback must not be blank, was " + aliasOrTarget);
      }
      if (defaultFallbacks.contains(aliasOrTarget)) {
        throw new ConfigurationException("defaultFallback '" + aliasOrTarget + "' already added");
      }
      defaultFallbacks.add(aliasOrTarget);
      return this;
    }

    /**
     * Enables the response cache and configures it; see {@link CacheSpec} for what is cached, the
     * key and the defaults. Calling it again changes the same spec. Defaults to no cache: without
     * this call nothing is cached, whatever the requests' cache policies say.
     *
     * <pre>{@code
     * .cache(c -> c.maxBytes(64L << 20).defaultTtl(Duration.ofMinutes(30)))
     * }</pre>
     *
     * @param spec configures the cache; runs at once
     * @return this builder
     * @throws ConfigurationException if the spec rejects a value
     */
    public Builder cache(Consumer<CacheSpec> spec) {
      if (spec == null) {
        throw new ConfigurationException("cache spec must not be null");
      }
      if (cache == null) {
        cache = new CacheSpec();
      }
      spec.accept(cache);
      return this;
    }

    /**
     * Adds a quota: a scope and its limits (requests per minute, per day, tokens per minute) in
     * sliding windows; see {@link QuotaSpec} for the rules. Calls over a quota fail with {@link
     * dev.llmgateway.error.QuotaExceededException} before the cache and routing, naming the quota
     * and when capacity returns. Defaults to no quotas.
     *
     * <pre>{@code
     * .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(60).tokensPerMinute(100_000))
     * .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerMinute(10))
     * }</pre>
     *
     * @param spec configures the quota; runs at once
     * @return this builder
     * @throws ConfigurationException if the spec rejects a value, sets no scope or no limit, or its
     *     scope already has a quota
     */
    public Builder quota(Consumer<QuotaSpec> spec) {
      if (spec == null) {
        throw new ConfigurationException("quota spec must not be null");
      }
      QuotaSpec q = new QuotaSpec();
      spec.accept(q);
      QuotaRule rule = q.toRule();
      for (QuotaRule r : quotas) {
        if (r.scope().equals(rule.scope())) {
          throw new ConfigurationException(
              "quota scope '" + rule.scope() + "' already has a quota; set all its limits in one");
        }
      }
      quotas.add(rule);
      return this;
    }

    /**
     * Keeps quota windows in the given store (one shared by several app instances, for example).
     * Defaults to {@link QuotaStore#inMemory()}.
     *
     * @param store the store
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder quotaStore(QuotaStore store) {
      checkNotShared("quotaStore");
      if (store == null) {
        throw new ConfigurationException("quotaStore must not be null");
      }
      this.quotaStore = store;
      return this;
    }

    /**
     * Keeps key cooldowns (after a 429) and disabled keys (after a 401 or 403) in the given store:
     * one shared by several app instances, so that a rate limit one instance meets keeps every
     * instance off that key. Defaults to {@link KeyStateStore#inMemory()}.
     *
     * @param store the store
     * @return this builder
     * @throws ConfigurationException if null, or on a builder from {@link
     *     GatewayClient#newBuilder()} (a derived client shares the key state of its origin)
     */
    public Builder keyStateStore(KeyStateStore store) {
      checkNotShared("keyStateStore");
      if (store == null) {
        throw new ConfigurationException("keyStateStore must not be null");
      }
      this.keyStateStore = store;
      return this;
    }

    /**
     * Configures the circuit breakers (one per target and key); see {@link CircuitBreakerSpec} for
     * the defaults. Calling it again changes the same spec.
     *
     * <pre>{@code
     * .circuitBreaker(c -> c.consecutiveFailures(3, Duration.ofMinutes(5)))
     * }</pre>
     *
     * @param spec configures the breakers; runs at once
     * @return this builder
     * @throws ConfigurationException if the spec rejects a value
     */
    public Builder circuitBreaker(Consumer<CircuitBreakerSpec> spec) {
      checkNotShared("circuitBreaker");
      if (spec == null) {
        throw new ConfigurationException("circuitBreaker spec must not be null");
      }
      spec.accept(circuitBreaker);
      return this;
    }

    /**
     * Configures usage recording: one {@link dev.llmgateway.usage.UsageRecord} per call to the
     * given sinks, off the request path; see {@link UsageSpec} for the queue and its defaults.
     * Calling it again changes the same spec. Defaults to no sinks (nothing recorded).
     *
     * <pre>{@code
     * .usage(u -> u.queueCapacity(10_000).whenFull(UsageQueuePolicy.DROP)
     *     .sink(UsageSinks.jsonLines(dir)).sink(UsageSinks.slf4j()))
     * }</pre>
     *
     * @param spec configures usage recording; runs at once
     * @return this builder
     * @throws ConfigurationException if the spec rejects a value
     */
    public Builder usage(Consumer<UsageSpec> spec) {
      checkNotShared("usage");
      if (spec == null) {
        throw new ConfigurationException("usage spec must not be null");
      }
      spec.accept(usage);
      return this;
    }

    /**
     * Sets the retry budget per target: a retry is allowed while the target's retries in the window
     * stay below {@code minRetries + ratio * attempts} (attempts counts first tries and retries),
     * so that an outage cannot turn into a retry storm. Defaults to {@link
     * #DEFAULT_RETRY_BUDGET_RATIO}, {@link #DEFAULT_RETRY_BUDGET_MIN_RETRIES} and {@link
     * #DEFAULT_RETRY_BUDGET_WINDOW}.
     *
     * @param ratio 0..1
     * @param minRetries zero or more
     * @param window a positive duration
     * @return this builder
     * @throws ConfigurationException if a value is out of range
     */
    public Builder retryBudget(double ratio, int minRetries, Duration window) {
      checkNotShared("retryBudget");
      if (Double.isNaN(ratio) || ratio < 0 || ratio > 1) {
        throw new ConfigurationException("retryBudget ratio must be in [0, 1], was " + ratio);
      }
      if (minRetries < 0) {
        throw new ConfigurationException(
            "retryBudget minRetries must not be negative, was " + minRetries);
      }
      if (window == null || window.isZero() || window.isNegative()) {
        throw new ConfigurationException("retryBudget window must be positive, was " + window);
      }
      this.retryBudgetRatio = ratio;
      this.retryBudgetMinRetries = minRetries;
      this.retryBudgetWindow = window;
      return this;
    }

    /**
     * Sets whether a call whose targets are all out of capacity (every key cooling down, circuits
     * open) waits for the earliest recovery when it fits in the call's deadline, instead of failing
     * at once with {@link CapacityUnavailableException}. Defaults to {@link
     * #DEFAULT_WAIT_FOR_CAPACITY}.
     *
     * @param wait whether to wait
     * @return this builder
     */
    public Builder waitForCapacity(boolean wait) {
      this.waitForCapacity = wait;
      return this;
    }

    /**
     * Sets how long the state of a target addressed directly as {@code provider/model} (not through
     * an alias) is kept without use: its circuit breakers, latency averages, retry budget and the
     * keys disabled for that target only. After that idle time it is dropped, so memory follows the
     * targets in use, not every model name ever requested; a later call starts afresh (circuits
     * closed, no latency yet). State with an attempt in flight is never dropped. Targets of
     * aliases, and fallbacks the configuration names as {@code provider/model}, keep their state
     * for the client's lifetime. Defaults to {@link #DEFAULT_IDLE_TARGET_EXPIRY}.
     *
     * @param idle the idle time, positive
     * @return this builder
     * @throws ConfigurationException if null, zero or negative
     */
    public Builder idleTargetExpiry(Duration idle) {
      checkNotShared("idleTargetExpiry");
      if (idle == null || idle.isZero() || idle.isNegative()) {
        throw new ConfigurationException("idleTargetExpiry must be positive, was " + idle);
      }
      this.idleTargetExpiry = idle;
      return this;
    }

    /**
     * Sets how long a key disabled after an authentication (401) or permission (403) failure waits
     * before it gets one trial call. When the interval has passed, the next call that picks the key
     * sends it (only one call at a time: concurrent calls use the other keys); success enables the
     * key again ({@link GatewayEventListener#keyEnabled}), a 401 or 403 keeps it disabled and
     * restarts the interval ({@link GatewayEventListener#keyReprobed} either way), and any other
     * outcome (a timeout, a 5xx, cancellation) lets the next call try again. So a key rotated at
     * the provider needs no redeploy. {@link Duration#ZERO} turns trial calls off: a disabled key
     * then stays disabled for the client's lifetime. Defaults to {@link
     * #DEFAULT_DISABLED_KEY_PROBE_INTERVAL}.
     *
     * @param interval the interval, zero for never
     * @return this builder
     * @throws ConfigurationException if null or negative
     */
    public Builder disabledKeyProbeInterval(Duration interval) {
      checkNotShared("disabledKeyProbeInterval");
      if (interval == null || interval.isNegative()) {
        throw new ConfigurationException(
            "disabledKeyProbeInterval must not be negative, was " + interval);
      }
      this.disabledKeyProbeInterval = interval;
      return this;
    }

    /**
     * Replaces the price catalog. Defaults to {@link PriceCatalog#bundled()}.
     *
     * <pre>{@code
     * .priceCatalog(PriceCatalog.fromJson(Path.of("prices.json")))
     * }</pre>
     *
     * @param catalog the catalog
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder priceCatalog(PriceCatalog catalog) {
      if (catalog == null) {
        throw new ConfigurationException("priceCatalog must not be null");
      }
      this.priceCatalog = catalog;
      return this;
    }

    /**
     * Adds or overrides prices on top of the catalog; several calls apply in order. Defaults to
     * none.
     *
     * <pre>{@code
     * .prices(p -> p.model("openai", "ft:gpt-4o-mini:acme", Money.usd("0.30"), Money.usd("1.20")))
     * }</pre>
     *
     * @param changes the changes, applied to a builder seeded with the catalog
     * @return this builder
     * @throws ConfigurationException if null, or (from {@link #build()}) if a price is null or
     *     implausible, a price file cannot be loaded, or the changes throw
     */
    public Builder prices(Consumer<PriceCatalog.Builder> changes) {
      if (changes == null) {
        throw new ConfigurationException("prices must not be null");
      }
      priceChanges.add(changes);
      return this;
    }

    /**
     * Sets the estimator of prompt tokens used for budget reservations. Defaults to {@link
     * TokenEstimator#defaults()}.
     *
     * @param estimator the estimator
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder tokenEstimator(TokenEstimator estimator) {
      if (estimator == null) {
        throw new ConfigurationException("tokenEstimator must not be null");
      }
      this.tokenEstimator = estimator;
      return this;
    }

    /**
     * Adds a budget; every budget whose scope matches a call must admit it. Defaults to none.
     *
     * <pre>{@code
     * .budget(b -> b.scope(BudgetScope.team("support")).monthly(Money.usd("50")).alertAt(80))
     * }</pre>
     *
     * @param spec configures the budget
     * @return this builder
     * @throws ConfigurationException if null or the budget has no limit
     */
    public Builder budget(Consumer<BudgetSpec> spec) {
      if (spec == null) {
        throw new ConfigurationException("budget must not be null");
      }
      BudgetSpec b = new BudgetSpec();
      spec.accept(b);
      budgets.add(b.toBudget());
      return this;
    }

    /**
     * Sets where budgets' spend and reservations live. Defaults to {@link
     * BudgetLedger#inMemory(ZoneId)} in the {@linkplain #budgetZone budget zone}.
     *
     * @param ledger the ledger
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder budgetLedger(BudgetLedger ledger) {
      checkNotShared("budgetLedger");
      if (ledger == null) {
        throw new ConfigurationException("budgetLedger must not be null");
      }
      this.budgetLedger = ledger;
      return this;
    }

    /**
     * Sets the zone whose midnight starts daily and monthly budget windows. Defaults to {@link
     * #DEFAULT_BUDGET_ZONE}.
     *
     * @param zone the zone
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder budgetZone(ZoneId zone) {
      checkNotShared("budgetZone");
      if (zone == null) {
        throw new ConfigurationException("budgetZone must not be null");
      }
      this.budgetZone = zone;
      return this;
    }

    /**
     * Sets what calls to models without a price do when a budget applies. Defaults to {@link
     * #DEFAULT_UNKNOWN_PRICE_POLICY}.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder unknownPricePolicy(UnknownPricePolicy policy) {
      if (policy == null) {
        throw new ConfigurationException("unknownPricePolicy must not be null");
      }
      this.unknownPricePolicy = policy;
      return this;
    }

    /**
     * Adds an event listener; several are called in the order added. Defaults to none ({@link
     * GatewayEventListener#NONE}).
     *
     * @param listener the listener
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder eventListener(GatewayEventListener listener) {
      if (listener == null) {
        throw new ConfigurationException("eventListener must not be null");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * Adds a call interceptor; they run in the order added, after validation and attribution and
     * before routing (see {@link Interceptor}). Defaults to none.
     *
     * @param interceptor the interceptor
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder interceptor(Interceptor interceptor) {
      if (interceptor == null) {
        throw new ConfigurationException("interceptor must not be null");
      }
      interceptors.add(interceptor);
      return this;
    }

    /**
     * Adds an attempt interceptor; they run in the order added around every provider attempt
     * (retries, fallbacks and hedges included), after the key, the circuit breaker's permit and the
     * budget reservation were taken (see {@link AttemptInterceptor}). Defaults to none.
     *
     * @param interceptor the interceptor
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder attemptInterceptor(AttemptInterceptor interceptor) {
      if (interceptor == null) {
        throw new ConfigurationException("attemptInterceptor must not be null");
      }
      attemptInterceptors.add(interceptor);
      return this;
    }

    /**
     * Sets the class loader used to discover {@link ProviderFactory} implementations through {@link
     * java.util.ServiceLoader}. Defaults to the building thread's context class loader, or this
     * library's class loader if there is none.
     *
     * @param classLoader the class loader
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder classLoader(ClassLoader classLoader) {
      if (classLoader == null) {
        throw new ConfigurationException("classLoader must not be null");
      }
      this.classLoader = classLoader;
      return this;
    }

    /**
     * Sets how {@link #config(Path)} resolves the secret references of a file ({@code
     * ${scheme:name}}): the given resolver for its schemes, then the built-in {@code env} and
     * {@code file} schemes. Set it before {@code config(Path)}. Defaults to {@link
     * SecretResolver#defaults()}.
     *
     * @param resolver the resolver, such as one reading a vault
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder secretResolver(SecretResolver resolver) {
      if (resolver == null) {
        throw new ConfigurationException("secretResolver must not be null");
      }
      this.secretResolver = resolver.or(SecretResolver.defaults());
      return this;
    }

    /**
     * Reads a YAML or JSON configuration file and applies it onto this builder at once (see {@code
     * docs/configuration.md} and {@link GatewayConfig}). Call it first: what the builder is told
     * afterwards adds to the file's values or replaces them (listeners, interceptors, a routing
     * hook, stores and other Java objects are added in code). Keys the file leaves out keep this
     * builder's values. Secret references are resolved with the {@link #secretResolver}.
     *
     * <pre>{@code
     * GatewayClient.builder().config(Path.of("gateway.yaml")).eventListener(metrics).build();
     * }</pre>
     *
     * @param file the configuration file; {@code .json} is read as JSON, anything else as YAML
     * @return this builder
     * @throws dev.llmgateway.config.ConfigException with every problem of the file, each with its
     *     path, or every value this builder refused
     */
    public Builder config(Path file) {
      if (file == null) {
        throw new ConfigurationException("config file must not be null");
      }
      return GatewayConfig.load(file, secretResolver).applyTo(this);
    }

    /**
     * Applies a configuration read earlier onto this builder at once, as {@link #config(Path)}
     * does.
     *
     * @param config the configuration
     * @return this builder
     * @throws dev.llmgateway.config.ConfigException with every value this builder refused
     */
    public Builder config(GatewayConfig config) {
      if (config == null) {
        throw new ConfigurationException("config must not be null");
      }
      return config.applyTo(this);
    }

    /**
     * Takes the configuration from a source and keeps it live: {@link #build()} loads the source
     * and applies it onto a copy of this builder; then on each change the source signals (or {@link
     * GatewayClient#reload()}), the client loads it again, applies it onto a fresh copy of this
     * builder as {@code build()} found it, and swaps the result in atomically. So what is set in
     * code (listeners, interceptors, a routing hook, stores, the clock) stays across reloads, and
     * the source's values replace the builder's where both set one. Calls under way finish on the
     * configuration they started with; circuit, cooldown and latency state, budget spend, quota
     * counters and cached answers survive a reload. A source whose new configuration is invalid, or
     * changes a setting of that kept state ({@link
     * dev.llmgateway.config.GatewayConfig#reloadProblems}), is rejected: the configuration serving
     * now stays, a WARN and {@link GatewayEventListener#configRejected} name every problem. Reloads
     * run one at a time on a daemon thread ({@code llm-gateway-config-reload}); {@link
     * GatewayClient#close()} stops them and the source's watching. Secret references are resolved
     * with the {@link #secretResolver}. Defaults to none (the configuration is what the builder
     * holds).
     *
     * <pre>{@code
     * GatewayClient.builder()
     *     .eventListener(metrics)
     *     .configSource(ConfigSource.file(Path.of("gateway.yaml")))
     *     .build();
     * }</pre>
     *
     * @param source where the configuration comes from
     * @return this builder
     * @throws ConfigurationException if null, or on a builder from {@link
     *     GatewayClient#newBuilder()}
     */
    public Builder configSource(dev.llmgateway.config.ConfigSource source) {
      if (source == null) {
        throw new ConfigurationException("configSource must not be null");
      }
      checkNotShared("configSource");
      this.configSource = source;
      return this;
    }

    /** For tests: replaces the backoff sleeper. */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Validates the whole configuration, creates the providers and returns the client.
     *
     * <p>Checks that every alias target and fallback resolves to a configured provider or alias,
     * that every provider type has exactly one factory, and that every key's secret can be resolved
     * (naming the provider and key id, never the value).
     *
     * @return the client; close it when the application stops
     * @throws ConfigurationException naming what is wrong
     */
    public GatewayClient build() {
      dev.llmgateway.config.ConfigSource source = configSource;
      if (source != null) {
        return buildLive(source);
      }
      ExecutorService owned = shared == null && executor == null ? DefaultExecutors.create() : null;
      Executor exec =
          shared != null
              ? shared.executor()
              : executor != null ? executor : Objects.requireNonNull(owned);
      EngineSettings settings;
      GatewayEngine engine;
      try {
        settings = settings(exec);
        engine = GatewayEngine.create(settings, shared, owned);
      } catch (RuntimeException e) {
        if (owned != null) {
          owned.shutdown();
        }
        throw e;
      }
      return new GatewayClient(engine, originOf(settings));
    }

    /** Builds from a configuration source and starts reloading it. */
    private GatewayClient buildLive(dev.llmgateway.config.ConfigSource source) {
      Builder code = copy();
      GatewayConfig first = source.load(secretResolver);
      Builder filled = code.copy();
      first.applyTo(filled);
      GatewayClient client = filled.build();
      ConfigReloader reloader =
          new ConfigReloader(client, code, source, secretResolver, first, client.engine.events());
      client.reloader = reloader;
      try {
        reloader.start();
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
      return client;
    }

    /** The engine's settings from this builder, with the executor calls run on. */
    EngineSettings settings(Executor exec) {
      List<ProviderDefinition> providerDefinitions = new ArrayList<>();
      providers.values().forEach(p -> providerDefinitions.add(p.toDefinition()));
      List<AliasDefinition> aliasDefinitions = new ArrayList<>();
      aliases.values().forEach(a -> aliasDefinitions.add(a.toDefinition()));
      List<RequestRule> rules = new ArrayList<>();
      for (int i = 0; i < requestRules.size(); i++) {
        rules.add(requestRules.get(i).toRule(i + 1));
      }
      return EngineSettings.builder()
          .providers(providerDefinitions)
          .aliases(aliasDefinitions)
          .factories(new ArrayList<>(factories.values()))
          .classLoader(classLoader())
          .defaultTimeout(defaultTimeout)
          .maxAttempts(maxAttempts)
          .retriesPerTarget(retriesPerTarget)
          .backoff(new Backoff(backoffInitial, backoffMax))
          .clock(clock != null ? clock : Clock.systemUTC())
          .ticker(clock != null ? Ticker.of(clock) : Ticker.system())
          .random(random)
          .seed(seed != null ? seed : ThreadLocalRandom.current().nextLong())
          .listener(GatewayEventListener.of(listeners))
          .interceptors(interceptors)
          .attemptInterceptors(attemptInterceptors)
          .sleeper(sleeper)
          .routing(
              new RoutingSettings(
                  rules,
                  routingHook,
                  modelRules,
                  defaultAlias,
                  unknownModelsToDefault,
                  defaultFallbacks,
                  tenantRules()))
          .breakers(circuitBreaker.toSettings())
          .retryBudgetRatio(retryBudgetRatio)
          .retryBudgetMin(retryBudgetMinRetries)
          .retryBudgetWindow(retryBudgetWindow)
          .waitForCapacity(waitForCapacity)
          .executor(exec)
          .keyStore(keyStateStore != null ? keyStateStore : KeyStateStore.inMemory())
          .idleTargetExpiry(idleTargetExpiry)
          .disabledKeyProbeInterval(disabledKeyProbeInterval)
          .cache(cacheSettings())
          .quota(
              quotas.isEmpty()
                  ? null
                  : new QuotaSettings(
                      quotas, quotaStore != null ? quotaStore : QuotaStore.inMemory()))
          .usage(usage.toSettings())
          .spend(spend())
          .build();
    }

    private Map<String, TenantRule> tenantRules() {
      Map<String, TenantRule> rules = new LinkedHashMap<>();
      tenants.forEach((name, t) -> rules.put(name, t.toRule()));
      return rules;
    }

    private ClassLoader classLoader() {
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = GatewayClient.class.getClassLoader();
      }
      return loader;
    }

    /**
     * A copy of this builder as the built client's {@link GatewayClient#newBuilder()} starts from:
     * the stores this build created (budget ledger, quota store, cache store) are set, so that a
     * derived client shares them.
     */
    private Builder originOf(EngineSettings built) {
      Builder b = copy();
      b.budgetLedger = built.spend().ledger();
      QuotaSettings q = built.quota();
      if (q != null) {
        b.quotaStore = q.store();
      }
      CacheSettings c = built.cache();
      if (b.cache != null && c != null) {
        b.cache.store(c.store());
      }
      return b;
    }

    /** A copy whose lists, maps and cache spec are its own. */
    Builder copy() {
      Builder b = new Builder();
      b.providers.putAll(providers);
      b.aliases.putAll(aliases);
      b.tenants.putAll(tenants);
      b.factories.putAll(factories);
      b.listeners.addAll(listeners);
      b.interceptors.addAll(interceptors);
      b.attemptInterceptors.addAll(attemptInterceptors);
      b.defaultTimeout = defaultTimeout;
      b.maxAttempts = maxAttempts;
      b.retriesPerTarget = retriesPerTarget;
      b.backoffInitial = backoffInitial;
      b.backoffMax = backoffMax;
      b.executor = executor;
      b.clock = clock;
      b.random = random;
      b.classLoader = classLoader;
      b.sleeper = sleeper;
      b.requestRules.addAll(requestRules);
      b.routingHook = routingHook;
      b.modelRules.addAll(modelRules);
      b.defaultAlias = defaultAlias;
      b.unknownModelsToDefault = unknownModelsToDefault;
      b.defaultFallbacks.addAll(defaultFallbacks);
      b.circuitBreaker = circuitBreaker;
      b.cache = cache == null ? null : cache.copy();
      b.quotas.addAll(quotas);
      b.quotaStore = quotaStore;
      b.keyStateStore = keyStateStore;
      b.usage = usage;
      b.retryBudgetRatio = retryBudgetRatio;
      b.retryBudgetMinRetries = retryBudgetMinRetries;
      b.retryBudgetWindow = retryBudgetWindow;
      b.waitForCapacity = waitForCapacity;
      b.idleTargetExpiry = idleTargetExpiry;
      b.disabledKeyProbeInterval = disabledKeyProbeInterval;
      b.seed = seed;
      b.priceCatalog = priceCatalog;
      b.priceChanges.addAll(priceChanges);
      b.tokenEstimator = tokenEstimator;
      b.budgets.addAll(budgets);
      b.budgetLedger = budgetLedger;
      b.budgetZone = budgetZone;
      b.unknownPricePolicy = unknownPricePolicy;
      b.secretResolver = secretResolver;
      b.shared = shared;
      return b;
    }

    /**
     * Makes the client this builder builds (or the configuration it replaces) share a client's
     * state, as {@link GatewayClient#newBuilder()} does, for a builder filled anew (a reloaded
     * configuration file): the stores it does not set itself (budget ledger, quota store, cache
     * store) are the client's.
     */
    Builder sharing(GatewayClient client) {
      shared = client.engine.state();
      Builder o = client.origin;
      if (budgetLedger == null) {
        budgetLedger = o.budgetLedger;
      }
      if (quotaStore == null) {
        quotaStore = o.quotaStore;
      }
      if (cache != null && o.cache != null && cache.storeOrNull() == null) {
        cache.store(java.util.Objects.requireNonNull(o.cache.storeOrNull()));
      }
      return this;
    }

    /** Refuses to change a setting of the shared state on a builder from newBuilder(). */
    private void checkNotShared(String setting) {
      if (shared != null) {
        throw new ConfigurationException(
            setting
                + " cannot be set on a builder from GatewayClient.newBuilder(): the derived client"
                + " shares the "
                + setting
                + " of the client it comes from; build a new client with GatewayClient.builder()"
                + " for another one");
      }
    }

    private @Nullable CacheSettings cacheSettings() {
      if (cache == null) {
        return null;
      }
      Map<String, Duration> ttls = new LinkedHashMap<>();
      for (Map.Entry<String, AliasSpec> a : aliases.entrySet()) {
        Duration ttl = a.getValue().cacheTtl();
        if (ttl != null) {
          ttls.put(a.getKey(), ttl);
        }
      }
      return cache.toSettings(clock, ttls);
    }

    private Spend spend() {
      PriceCatalog catalog = priceCatalog;
      if (!priceChanges.isEmpty()) {
        PriceCatalog.Builder b = catalog.toBuilder();
        try {
          priceChanges.forEach(c -> c.accept(b));
        } catch (ConfigurationException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new ConfigurationException("Bad price in prices(...): " + e.getMessage(), e);
        }
        catalog = b.build();
      }
      for (Budget b : budgets) {
        String alias = b.downgradeAlias();
        if (alias != null && !aliases.containsKey(alias) && alias.indexOf('/') < 0) {
          throw new ConfigurationException(
              "Budget " + b + " downgrades to unknown alias '" + alias + "'");
        }
      }
      Clock c = clock != null ? clock : Clock.systemUTC();
      BudgetLedger ledger = budgetLedger != null ? budgetLedger : BudgetLedger.inMemory(budgetZone);
      return new Spend(catalog, tokenEstimator, ledger, budgets, unknownPricePolicy, c);
    }

    private static void checkName(@Nullable String name, String what) {
      if (name == null || name.isBlank()) {
        throw new ConfigurationException(
            "A "
                + what
                + " name must not be blank, was "
                + (name == null ? "null" : "'" + name + "'"));
      }
      if (name.indexOf('/') >= 0) {
        throw new ConfigurationException(
            "A "
                + what
                + " name must not contain '/' (that is how provider/model is written), was '"
                + name
                + "'");
      }
    }

    /** Describes the configuration; secrets appear only as their sources. */
    @Override
    public String toString() {
      return "GatewayClient.Builder{providers="
          + providers.values()
          + ", aliases="
          + aliases.values()
          + ", defaultTimeout="
          + defaultTimeout
          + ", maxAttempts="
          + maxAttempts
          + ", retriesPerTarget="
          + retriesPerTarget
          + ", retryBackoff="
          + backoffInitial
          + ".."
          + backoffMax
          + "}";
    }
  }
}
