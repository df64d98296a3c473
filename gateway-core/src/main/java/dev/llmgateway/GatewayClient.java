package dev.llmgateway;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.AliasDefinition;
import dev.llmgateway.internal.Backoff;
import dev.llmgateway.internal.CallFuture;
import dev.llmgateway.internal.DefaultExecutors;
import dev.llmgateway.internal.EngineSettings;
import dev.llmgateway.internal.GatewayEngine;
import dev.llmgateway.internal.ProviderDefinition;
import dev.llmgateway.internal.Sleeper;
import dev.llmgateway.internal.Ticker;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
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
 * lock. {@link #close()} closes the providers the client created and shuts down the executor it
 * created (never one given to {@link Builder#executor}); calls that are running may then fail, and
 * every later call throws {@link IllegalStateException}.
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

  private final GatewayEngine engine;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private GatewayClient(
      GatewayEngine engine, Executor executor, @Nullable ExecutorService ownedExecutor) {
    this.engine = engine;
    this.executor = executor;
    this.ownedExecutor = ownedExecutor;
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
    Cancellation cancellation = new Cancellation();
    CallFuture<ChatResponse> future = new CallFuture<>(cancellation);
    submit(future, () -> engine.chat(request, cancellation));
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
    Cancellation cancellation = new Cancellation();
    CallFuture<ChatResponse> future = new CallFuture<>(cancellation);
    Runnable task =
        () -> {
          ChatResponse response = null;
          Throwable error = null;
          try (ChatStream stream = engine.stream(request, cancellation)) {
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
    execute(future, task);
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
   * Sends an embedding call on the client's executor; cancelling the future cancels the call.
   *
   * @param request the request
   * @return a future completed with the vectors, or exceptionally with what {@link #embed} throws
   * @throws IllegalStateException if the client is closed
   */
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
    Objects.requireNonNull(request, "request");
    ensureOpen();
    Cancellation cancellation = new Cancellation();
    CallFuture<EmbeddingResponse> future = new CallFuture<>(cancellation);
    submit(future, () -> engine.embed(request, cancellation));
    return future;
  }

  /**
   * Closes the providers this client created and shuts down the executor it created (not one given
   * to the builder). Idempotent. Calls still running may fail; later calls throw {@link
   * IllegalStateException}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
    }
    engine.close();
    log.debug("GatewayClient closed");
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("GatewayClient is closed");
    }
  }

  private <T> void submit(CallFuture<T> future, Supplier<T> call) {
    execute(
        future,
        () -> {
          try {
            future.complete(call.get());
          } catch (RuntimeException | Error e) {
            future.completeExceptionally(e);
          }
        });
  }

  private void execute(CallFuture<?> future, Runnable task) {
    try {
      executor.execute(
          () -> {
            if (!future.isDone()) {
              task.run();
            }
          });
    } catch (RejectedExecutionException e) {
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
    private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    private final List<GatewayEventListener> listeners = new ArrayList<>();
    private final List<Interceptor> interceptors = new ArrayList<>();
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
      this.random = new Random(seed);
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
      List<ProviderDefinition> providerDefinitions = new ArrayList<>();
      providers.values().forEach(p -> providerDefinitions.add(p.toDefinition()));
      List<AliasDefinition> aliasDefinitions = new ArrayList<>();
      aliases.values().forEach(a -> aliasDefinitions.add(a.toDefinition()));
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = GatewayClient.class.getClassLoader();
      }
      RandomGenerator rng = random;
      if (rng == null) {
        rng = () -> ThreadLocalRandom.current().nextLong();
      }
      EngineSettings settings =
          new EngineSettings(
              providerDefinitions,
              aliasDefinitions,
              new ArrayList<>(factories.values()),
              loader,
              defaultTimeout,
              maxAttempts,
              retriesPerTarget,
              new Backoff(backoffInitial, backoffMax),
              clock != null ? clock : Clock.systemUTC(),
              clock != null ? Ticker.of(clock) : Ticker.system(),
              rng,
              GatewayEventListener.of(listeners),
              interceptors,
              sleeper);
      GatewayEngine engine = GatewayEngine.create(settings);
      if (executor != null) {
        return new GatewayClient(engine, executor, null);
      }
      ExecutorService owned = DefaultExecutors.create();
      return new GatewayClient(engine, owned, owned);
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
