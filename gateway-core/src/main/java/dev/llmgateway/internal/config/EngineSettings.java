package dev.llmgateway.internal.config;

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
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Everything the builder collected, validated field by field; {@link GatewayEngine#create} checks
 * the references between them.
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
    Sleeper sleeper,
    Routing routing,
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

  /**
   * Copies the lists.
   *
   * @param seed the base seed of per-call random sources
   * @param routing rules, hook, default alias and fallbacks
   * @param breakers the circuit breaker settings
   * @param retryBudgetRatio retries allowed as a share of recent attempts per target
   * @param retryBudgetMin retries always allowed per window per target
   * @param retryBudgetWindow the sliding window of the retry budget
   * @param waitForCapacity whether calls wait for the earliest key or circuit recovery
   * @param executor runs hedged attempts
   * @param keyStore where key cooldowns and disabled keys live
   * @param idleTargetExpiry how long a directly addressed target's state is kept without use
   * @param disabledKeyProbeInterval how long a disabled key waits for its trial call; zero for
   *     never
   * @param cache the response cache's configuration, or {@code null} when there is no cache
   * @param quota the quotas, or {@code null} when there are none
   * @param usage the usage recording settings
   * @param spend prices, token estimates and budgets
   * @param providers the providers, in configuration order
   * @param aliases the aliases, in configuration order
   * @param factories factories given to the builder
   * @param classLoader the class loader for {@link java.util.ServiceLoader}
   * @param defaultTimeout the deadline of a call without its own
   * @param maxAttempts the attempt cap of a call without its own
   * @param retriesPerTarget the most retries on one target within a call
   * @param backoff the backoff between retries
   * @param clock the wall clock, handed to providers
   * @param ticker the time source for deadlines and latencies
   * @param random the random source for routing, keys and jitter
   * @param listener the event listener (possibly composite)
   * @param interceptors user interceptors, in order
   * @param sleeper waits for backoff pauses
   */
  public EngineSettings {
    providers = List.copyOf(providers);
    aliases = List.copyOf(aliases);
    factories = List.copyOf(factories);
    interceptors = List.copyOf(interceptors);
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
