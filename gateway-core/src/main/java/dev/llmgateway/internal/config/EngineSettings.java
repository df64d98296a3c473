package dev.llmgateway.internal.config;

import dev.llmgateway.AttemptInterceptor;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.attempt.Sleeper;
import dev.llmgateway.internal.resilience.KeyStateStore;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.routing.RoutingHook;
import dev.llmgateway.spi.ProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Everything the builder collected, each value checked by its setter; {@link SnapshotCompiler}
 * checks the references between them and turns them into a {@link Snapshot}. Immutable; built with
 * named setters ({@link #builder()}), never by position.
 */
public final class EngineSettings {
  private final List<ProviderDefinition> providers;
  private final List<AliasDefinition> aliases;
  private final List<ProviderFactory> factories;
  private final ClassLoader classLoader;
  private final Duration defaultTimeout;
  private final int maxAttempts;
  private final int retriesPerTarget;
  private final Backoff backoff;
  private final Clock clock;
  private final Ticker ticker;
  private final @Nullable RandomGenerator random;
  private final long seed;
  private final GatewayEventListener listener;
  private final List<Interceptor> interceptors;
  private final List<AttemptInterceptor> attemptInterceptors;
  private final Sleeper sleeper;
  private final Routing routing;
  private final BreakerSettings breakers;
  private final double retryBudgetRatio;
  private final int retryBudgetMin;
  private final Duration retryBudgetWindow;
  private final boolean waitForCapacity;
  private final Executor executor;
  private final KeyStateStore keyStore;
  private final Duration idleTargetExpiry;
  private final Duration disabledKeyProbeInterval;
  private final @Nullable CacheSettings cache;
  private final @Nullable QuotaSettings quota;
  private final UsageSettings usage;
  private final Spend spend;

  private EngineSettings(Builder b) {
    this.providers = List.copyOf(b.providers);
    this.aliases = List.copyOf(b.aliases);
    this.factories = List.copyOf(b.factories);
    this.classLoader = Objects.requireNonNull(b.classLoader, "classLoader");
    this.defaultTimeout = Objects.requireNonNull(b.defaultTimeout, "defaultTimeout");
    this.maxAttempts = b.maxAttempts;
    this.retriesPerTarget = b.retriesPerTarget;
    this.backoff = Objects.requireNonNull(b.backoff, "backoff");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.ticker = Objects.requireNonNull(b.ticker, "ticker");
    this.random = b.random;
    this.seed = b.seed;
    this.listener = Objects.requireNonNull(b.listener, "listener");
    this.interceptors = List.copyOf(b.interceptors);
    this.attemptInterceptors = List.copyOf(b.attemptInterceptors);
    this.sleeper = Objects.requireNonNull(b.sleeper, "sleeper");
    this.routing = Objects.requireNonNull(b.routing, "routing");
    this.breakers = Objects.requireNonNull(b.breakers, "breakers");
    this.retryBudgetRatio = b.retryBudgetRatio;
    this.retryBudgetMin = b.retryBudgetMin;
    this.retryBudgetWindow = Objects.requireNonNull(b.retryBudgetWindow, "retryBudgetWindow");
    this.waitForCapacity = b.waitForCapacity;
    this.executor = Objects.requireNonNull(b.executor, "executor");
    this.keyStore = Objects.requireNonNull(b.keyStore, "keyStore");
    this.idleTargetExpiry = Objects.requireNonNull(b.idleTargetExpiry, "idleTargetExpiry");
    this.disabledKeyProbeInterval =
        Objects.requireNonNull(b.disabledKeyProbeInterval, "disabledKeyProbeInterval");
    this.cache = b.cache;
    this.quota = b.quota;
    this.usage = Objects.requireNonNull(b.usage, "usage");
    this.spend = Objects.requireNonNull(b.spend, "spend");
  }

  /** A builder with empty lists and nothing else set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The providers, in configuration order. */
  public List<ProviderDefinition> providers() {
    return providers;
  }

  /** The aliases, in configuration order. */
  public List<AliasDefinition> aliases() {
    return aliases;
  }

  /** Factories given to the builder. */
  public List<ProviderFactory> factories() {
    return factories;
  }

  /** The class loader for {@link java.util.ServiceLoader}. */
  public ClassLoader classLoader() {
    return classLoader;
  }

  /** The deadline of a call without its own. */
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  /** The attempt cap of a call without its own. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The most retries on one target within a call. */
  public int retriesPerTarget() {
    return retriesPerTarget;
  }

  /** The backoff between retries. */
  public Backoff backoff() {
    return backoff;
  }

  /** The wall clock, handed to providers and used for cooldowns and circuit breakers. */
  public Clock clock() {
    return clock;
  }

  /** The time source for deadlines and latencies. */
  public Ticker ticker() {
    return ticker;
  }

  /** A user's random source, or {@code null} to derive per-call seeds from {@code seed}. */
  public @Nullable RandomGenerator random() {
    return random;
  }

  /** The base seed of per-call random sources. */
  public long seed() {
    return seed;
  }

  /** The event listener (possibly composite). */
  public GatewayEventListener listener() {
    return listener;
  }

  /** User interceptors, in order. */
  public List<Interceptor> interceptors() {
    return interceptors;
  }

  /** User attempt interceptors, in order. */
  public List<AttemptInterceptor> attemptInterceptors() {
    return attemptInterceptors;
  }

  /** Waits for backoff pauses. */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** Rules, hook, default alias and fallbacks. */
  public Routing routing() {
    return routing;
  }

  /** The circuit breaker settings. */
  public BreakerSettings breakers() {
    return breakers;
  }

  /** Retries allowed as a share of recent attempts per target. */
  public double retryBudgetRatio() {
    return retryBudgetRatio;
  }

  /** Retries always allowed per window per target. */
  public int retryBudgetMin() {
    return retryBudgetMin;
  }

  /** The sliding window of the retry budget. */
  public Duration retryBudgetWindow() {
    return retryBudgetWindow;
  }

  /** Whether calls wait for the earliest key or circuit recovery. */
  public boolean waitForCapacity() {
    return waitForCapacity;
  }

  /** Runs hedged attempts. */
  public Executor executor() {
    return executor;
  }

  /** Where key cooldowns and disabled keys live. */
  public KeyStateStore keyStore() {
    return keyStore;
  }

  /** How long a directly addressed target's state is kept without use. */
  public Duration idleTargetExpiry() {
    return idleTargetExpiry;
  }

  /** How long a disabled key waits for its trial call; zero for never. */
  public Duration disabledKeyProbeInterval() {
    return disabledKeyProbeInterval;
  }

  /** The response cache's configuration, or {@code null} when there is no cache. */
  public @Nullable CacheSettings cache() {
    return cache;
  }

  /** The quotas, or {@code null} when there are none. */
  public @Nullable QuotaSettings quota() {
    return quota;
  }

  /** The usage recording settings. */
  public UsageSettings usage() {
    return usage;
  }

  /** Prices, token estimates and budgets. */
  public Spend spend() {
    return spend;
  }

  /** Sets every value of this builder's kind; used by the client builder. */
  public static final class Builder {
    private List<ProviderDefinition> providers = new ArrayList<>();
    private List<AliasDefinition> aliases = new ArrayList<>();
    private List<ProviderFactory> factories = new ArrayList<>();
    private @Nullable ClassLoader classLoader;
    private @Nullable Duration defaultTimeout;
    private int maxAttempts;
    private int retriesPerTarget;
    private @Nullable Backoff backoff;
    private @Nullable Clock clock;
    private @Nullable Ticker ticker;
    private @Nullable RandomGenerator random;
    private long seed;
    private @Nullable GatewayEventListener listener;
    private List<Interceptor> interceptors = new ArrayList<>();
    private List<AttemptInterceptor> attemptInterceptors = new ArrayList<>();
    private @Nullable Sleeper sleeper;
    private @Nullable Routing routing;
    private @Nullable BreakerSettings breakers;
    private double retryBudgetRatio;
    private int retryBudgetMin;
    private @Nullable Duration retryBudgetWindow;
    private boolean waitForCapacity;
    private @Nullable Executor executor;
    private @Nullable KeyStateStore keyStore;
    private @Nullable Duration idleTargetExpiry;
    private @Nullable Duration disabledKeyProbeInterval;
    private @Nullable CacheSettings cache;
    private @Nullable QuotaSettings quota;
    private @Nullable UsageSettings usage;
    private @Nullable Spend spend;

    private Builder() {}

    /** Sets the providers, in configuration order. */
    public Builder providers(List<ProviderDefinition> providers) {
      this.providers = new ArrayList<>(providers);
      return this;
    }

    /** Sets the aliases, in configuration order. */
    public Builder aliases(List<AliasDefinition> aliases) {
      this.aliases = new ArrayList<>(aliases);
      return this;
    }

    /** Sets factories given to the builder. */
    public Builder factories(List<ProviderFactory> factories) {
      this.factories = new ArrayList<>(factories);
      return this;
    }

    /** Sets the class loader for {@link java.util.ServiceLoader}. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /** Sets the deadline of a call without its own. */
    public Builder defaultTimeout(Duration defaultTimeout) {
      this.defaultTimeout = defaultTimeout;
      return this;
    }

    /** Sets the attempt cap of a call without its own. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Sets the most retries on one target within a call. */
    public Builder retriesPerTarget(int retriesPerTarget) {
      this.retriesPerTarget = retriesPerTarget;
      return this;
    }

    /** Sets the backoff between retries. */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /** Sets the wall clock, handed to providers and used for cooldowns and circuit breakers. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Sets the time source for deadlines and latencies. */
    public Builder ticker(Ticker ticker) {
      this.ticker = ticker;
      return this;
    }

    /** Sets a user's random source, or {@code null} to derive per-call seeds from {@code seed}. */
    public Builder random(@Nullable RandomGenerator random) {
      this.random = random;
      return this;
    }

    /** Sets the base seed of per-call random sources. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets the event listener (possibly composite). */
    public Builder listener(GatewayEventListener listener) {
      this.listener = listener;
      return this;
    }

    /** Sets user interceptors, in order. */
    public Builder interceptors(List<Interceptor> interceptors) {
      this.interceptors = new ArrayList<>(interceptors);
      return this;
    }

    /** Sets user attempt interceptors, in order. */
    public Builder attemptInterceptors(List<AttemptInterceptor> attemptInterceptors) {
      this.attemptInterceptors = new ArrayList<>(attemptInterceptors);
      return this;
    }

    /** Sets waits for backoff pauses. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** Sets rules, hook, default alias and fallbacks. */
    public Builder routing(Routing routing) {
      this.routing = routing;
      return this;
    }

    /** Sets the circuit breaker settings. */
    public Builder breakers(BreakerSettings breakers) {
      this.breakers = breakers;
      return this;
    }

    /** Sets retries allowed as a share of recent attempts per target. */
    public Builder retryBudgetRatio(double retryBudgetRatio) {
      this.retryBudgetRatio = retryBudgetRatio;
      return this;
    }

    /** Sets retries always allowed per window per target. */
    public Builder retryBudgetMin(int retryBudgetMin) {
      this.retryBudgetMin = retryBudgetMin;
      return this;
    }

    /** Sets the sliding window of the retry budget. */
    public Builder retryBudgetWindow(Duration retryBudgetWindow) {
      this.retryBudgetWindow = retryBudgetWindow;
      return this;
    }

    /** Sets whether calls wait for the earliest key or circuit recovery. */
    public Builder waitForCapacity(boolean waitForCapacity) {
      this.waitForCapacity = waitForCapacity;
      return this;
    }

    /** Sets runs hedged attempts. */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Sets where key cooldowns and disabled keys live. */
    public Builder keyStore(KeyStateStore keyStore) {
      this.keyStore = keyStore;
      return this;
    }

    /** Sets how long a directly addressed target's state is kept without use. */
    public Builder idleTargetExpiry(Duration idleTargetExpiry) {
      this.idleTargetExpiry = idleTargetExpiry;
      return this;
    }

    /** Sets how long a disabled key waits for its trial call; zero for never. */
    public Builder disabledKeyProbeInterval(Duration disabledKeyProbeInterval) {
      this.disabledKeyProbeInterval = disabledKeyProbeInterval;
      return this;
    }

    /** Sets the response cache's configuration, or {@code null} when there is no cache. */
    public Builder cache(@Nullable CacheSettings cache) {
      this.cache = cache;
      return this;
    }

    /** Sets the quotas, or {@code null} when there are none. */
    public Builder quota(@Nullable QuotaSettings quota) {
      this.quota = quota;
      return this;
    }

    /** Sets the usage recording settings. */
    public Builder usage(UsageSettings usage) {
      this.usage = usage;
      return this;
    }

    /** Sets prices, token estimates and budgets. */
    public Builder spend(Spend spend) {
      this.spend = spend;
      return this;
    }

    /** The settings; throws NullPointerException naming a required value that was not set. */
    public EngineSettings build() {
      return new EngineSettings(this);
    }
  }

  /**
   * How requests pick their alias besides naming it.
   *
   * @param rules request rules, in order
   * @param hook the Java routing hook, or {@code null}
   * @param modelRules model-name globs to providers, in order
   * @param defaultAlias the default alias, or {@code null}
   * @param unknownToDefault whether unknown models go to the default alias
   * @param defaultFallbacks fallbacks appended to every alias's plan
   */
  public record Routing(
      List<RequestRule> rules,
      @Nullable RoutingHook hook,
      List<ModelRule> modelRules,
      @Nullable String defaultAlias,
      boolean unknownToDefault,
      List<String> defaultFallbacks) {
    /**
     * Copies the lists.
     *
     * @param rules request rules, in order
     * @param hook the Java routing hook, or {@code null}
     * @param modelRules model-name globs to providers, in order
     * @param defaultAlias the default alias, or {@code null}
     * @param unknownToDefault whether unknown models go to the default alias
     * @param defaultFallbacks fallbacks appended to every alias's plan
     */
    public Routing {
      rules = List.copyOf(rules);
      modelRules = List.copyOf(modelRules);
      defaultFallbacks = List.copyOf(defaultFallbacks);
    }
  }
}
