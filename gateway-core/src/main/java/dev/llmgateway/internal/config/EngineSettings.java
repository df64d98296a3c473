package dev.llmgateway.internal.config;

import dev.llmgateway.AttemptInterceptor;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.resilience.BreakerSettings;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.internal.util.Sleeper;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.routing.KeyStateStore;
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
 * checks the references between them and turns them into a {@link Snapshot}. Built with named
 * setters ({@link #builder()}); lists are copied.
 *
 * @param providers the providers, in configuration order
 * @param aliases the aliases, in configuration order
 * @param factories factories given to the builder
 * @param classLoader the class loader for {@link java.util.ServiceLoader}
 * @param defaultTimeout the deadline of a call without its own
 * @param maxAttempts the attempt cap of a call without its own
 * @param retriesPerTarget the most retries on one target within a call
 * @param backoff the backoff between retries
 * @param clock the wall clock, handed to providers and used for cooldowns and circuit breakers
 * @param ticker the time source for deadlines and latencies
 * @param random a user's random source, or {@code null} to derive per-call seeds from {@code seed}
 * @param seed the base seed of per-call random sources
 * @param listener the event listener (possibly composite)
 * @param interceptors user interceptors, in order
 * @param attemptInterceptors user attempt interceptors, in order
 * @param sleeper waits for backoff pauses
 * @param routing rules, hook, default alias and fallbacks
 * @param breakers the circuit breaker settings
 * @param retryBudgetRatio retries allowed as a share of recent attempts per target
 * @param retryBudgetMin retries always allowed per window per target
 * @param retryBudgetWindow the sliding window of the retry budget
 * @param waitForCapacity whether calls wait for the earliest key or circuit recovery
 * @param executor runs hedged attempts
 * @param keyStore where key cooldowns and disabled keys live
 * @param idleTargetExpiry how long a directly addressed target's state is kept without use
 * @param disabledKeyProbeInterval how long a disabled key waits for its trial call; zero for never
 * @param cache the response cache's configuration, or {@code null} when there is no cache
 * @param quota the quotas, or {@code null} when there are none
 * @param usage the usage recording settings
 * @param spend prices, token estimates and budgets
 */
public record EngineSettings(
    List<ProviderDefinition> providers,
    List<AliasDefinition> aliases,
    List<ProviderFactory> factories,
    ClassLoader classLoader,
    Duration defaultTimeout,
    int maxAttempts,
    int retriesPerTarget,
    Backoff backoff,
    Clock clock,
    Ticker ticker,
    @Nullable RandomGenerator random,
    long seed,
    GatewayEventListener listener,
    List<Interceptor> interceptors,
    List<AttemptInterceptor> attemptInterceptors,
    Sleeper sleeper,
    RoutingSettings routing,
    BreakerSettings breakers,
    double retryBudgetRatio,
    int retryBudgetMin,
    Duration retryBudgetWindow,
    boolean waitForCapacity,
    Executor executor,
    KeyStateStore keyStore,
    Duration idleTargetExpiry,
    Duration disabledKeyProbeInterval,
    @Nullable CacheSettings cache,
    @Nullable QuotaSettings quota,
    UsageSettings usage,
    Spend spend) {

  /** Copies the lists and checks that every required value is set. */
  public EngineSettings {
    providers = List.copyOf(providers);
    aliases = List.copyOf(aliases);
    factories = List.copyOf(factories);
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(listener, "listener");
    interceptors = List.copyOf(interceptors);
    attemptInterceptors = List.copyOf(attemptInterceptors);
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(breakers, "breakers");
    Objects.requireNonNull(retryBudgetWindow, "retryBudgetWindow");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(idleTargetExpiry, "idleTargetExpiry");
    Objects.requireNonNull(disabledKeyProbeInterval, "disabledKeyProbeInterval");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(spend, "spend");
  }

  /** A builder with empty lists and nothing else set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets every value by name. */
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
    private @Nullable RoutingSettings routing;
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
      this.providers = providers;
      return this;
    }

    /** Sets the aliases, in configuration order. */
    public Builder aliases(List<AliasDefinition> aliases) {
      this.aliases = aliases;
      return this;
    }

    /** Sets factories given to the builder. */
    public Builder factories(List<ProviderFactory> factories) {
      this.factories = factories;
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
      this.interceptors = interceptors;
      return this;
    }

    /** Sets user attempt interceptors, in order. */
    public Builder attemptInterceptors(List<AttemptInterceptor> attemptInterceptors) {
      this.attemptInterceptors = attemptInterceptors;
      return this;
    }

    /** Sets waits for backoff pauses. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** Sets rules, hook, default alias and fallbacks. */
    public Builder routing(RoutingSettings routing) {
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
      return new EngineSettings(
          providers,
          aliases,
          factories,
          classLoader,
          defaultTimeout,
          maxAttempts,
          retriesPerTarget,
          backoff,
          clock,
          ticker,
          random,
          seed,
          listener,
          interceptors,
          attemptInterceptors,
          sleeper,
          routing,
          breakers,
          retryBudgetRatio,
          retryBudgetMin,
          retryBudgetWindow,
          waitForCapacity,
          executor,
          keyStore,
          idleTargetExpiry,
          disabledKeyProbeInterval,
          cache,
          quota,
          usage,
          spend);
    }
  }
}
