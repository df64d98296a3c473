package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Configures one model alias inside {@link GatewayClient.Builder#alias(String,
 * java.util.function.Consumer)}: its weighted targets, its routing strategy and its ordered
 * fallbacks. Every setter checks its argument at once and throws {@link ConfigurationException}
 * naming the alias and the value given; references to providers and other aliases are checked by
 * {@link GatewayClient.Builder#build()}.
 *
 * <pre>{@code
 * .alias("fast", a -> a.target("openai", "gpt-4o-mini", 60)
 *     .target("claude", "claude-haiku-4-5", 40)
 *     .fallback("openai/gpt-4o"))
 * }</pre>
 *
 * <p>A call to the alias tries the primary target picked by the strategy, then the alias's other
 * targets in the strategy's order, then each fallback in the order added (an alias fallback expands
 * to its own plan), skipping targets already in the plan. Not thread-safe; used only while the
 * builder runs its configurer.
 */
public final class AliasSpec {
  /** The weight of a target added without one. */
  public static final int DEFAULT_WEIGHT = 1;

  /**
   * How long {@link #cacheAffinity()} keeps a conversation on its target and key after its last
   * call when its cache markers ask for no longer lifetime: 5 minutes, the default prompt-cache
   * lifetime of Anthropic and Bedrock (and about what OpenAI keeps a prefix in memory).
   */
  public static final Duration DEFAULT_CACHE_AFFINITY_TTL = Duration.ofMinutes(5);

  /**
   * How long {@link #cacheAffinity()} keeps a conversation on its target and key after its last
   * call when a cache marker asks for {@link dev.llmgateway.model.CacheControl.Ttl#ONE_HOUR}: 1
   * hour.
   */
  public static final Duration LONG_CACHE_AFFINITY_TTL = Duration.ofHours(1);

  private final String name;
  private final List<TargetSpec> targets = new ArrayList<>();
  private final List<TargetRef> refs = new ArrayList<>();
  private final List<String> fallbacks = new ArrayList<>();
  private RoutingStrategy strategy = RoutingStrategy.weighted();
  private boolean enabled = true;
  private final Set<ErrorKind> fallbackKinds = AliasDefinition.defaultFallbackKinds();
  private @Nullable Duration hedgeDelay;
  private double hedgePercentile;
  private @Nullable Duration cacheTtl;
  private @Nullable Duration cacheAffinity;

  AliasSpec(String name) {
    this.name = name;
  }

  /**
   * Adds a target with weight {@value #DEFAULT_WEIGHT}. Defaults to no targets; an alias needs at
   * least one.
   *
   * @param provider the configured provider name
   * @param model the provider's model id
   * @return this spec
   * @throws ConfigurationException if a name is blank or the target was already added
   */
  public AliasSpec target(String provider, String model) {
    return target(provider, model, DEFAULT_WEIGHT);
  }

  /**
   * Adds a weighted target. With the default {@link RoutingStrategy#weighted()} strategy, a target
   * is the primary of a call with probability {@code weight / sum(weights)} over the targets that
   * can serve the call. Defaults to no targets; an alias needs at least one.
   *
   * @param provider the configured provider name
   * @param model the provider's model id
   * @param weight the target's share of traffic, at least 1
   * @return this spec
   * @throws ConfigurationException if a name is blank, the weight below 1 or the target was already
   *     added
   */
  public AliasSpec target(String provider, String model, int weight) {
    return target(provider, model, t -> t.weight(weight));
  }

  /**
   * Adds a target and configures it: weight, pinned key or key sub-pool, endpoint mode, parameter
   * overrides, context window, price hint (see {@link TargetSpec}). Defaults to no targets; an
   * alias needs at least one.
   *
   * <pre>{@code
   * .target("openai", "gpt-4.1", t -> t.weight(3).key("batch").contextWindow(1_000_000))
   * }</pre>
   *
   * @param provider the configured provider name
   * @param model the provider's model id
   * @param spec configures the target; runs at once
   * @return this spec
   * @throws ConfigurationException if a name is blank, the target was already added, or the spec
   *     rejects a value
   */
  public AliasSpec target(String provider, String model, Consumer<TargetSpec> spec) {
    notBlank(provider, "target provider");
    notBlank(model, "target model");
    TargetRef ref = new TargetRef(provider, model);
    if (refs.contains(ref)) {
      throw new ConfigurationException("Alias '" + name + "' already has target '" + ref + "'");
    }
    if (spec == null) {
      throw new ConfigurationException("Alias '" + name + "' target '" + ref + "' spec is null");
    }
    TargetSpec t = new TargetSpec(name, ref);
    spec.accept(t);
    targets.add(t);
    refs.add(ref);
    return this;
  }

  /**
   * Adds a fallback, tried after every target of the alias failed: another alias's name or a {@code
   * provider/model} pair. Fallbacks are tried in the order added. Defaults to none.
   *
   * @param aliasOrTarget an alias name or {@code provider/model}
   * @return this spec
   * @throws ConfigurationException if the value is blank, names this alias, or was already added
   */
  public AliasSpec fallback(String aliasOrTarget) {
    notBlank(aliasOrTarget, "fallback");
    if (aliasOrTarget.equals(name)) {
      throw new ConfigurationException("Alias '" + name + "' cannot fall back to itself");
    }
    if (fallbacks.contains(aliasOrTarget)) {
      throw new ConfigurationException(
          "Alias '" + name + "' already has fallback '" + aliasOrTarget + "'");
    }
    fallbacks.add(aliasOrTarget);
    return this;
  }

  /**
   * Sets how the alias orders its targets for each call. Defaults to {@link
   * RoutingStrategy#weighted()}.
   *
   * @param strategy the strategy
   * @return this spec
   * @throws ConfigurationException if the strategy is null
   */
  public AliasSpec strategy(RoutingStrategy strategy) {
    if (strategy == null) {
      throw new ConfigurationException("Alias '" + name + "' strategy must not be null");
    }
    this.strategy = strategy;
    return this;
  }

  /**
   * Switches the alias on or off. Calls naming a disabled alias fail with {@link
   * dev.llmgateway.error.NoRouteException}; a disabled alias used as a fallback is skipped.
   * Defaults to enabled.
   *
   * @param enabled whether calls may use the alias
   * @return this spec
   */
  public AliasSpec enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /**
   * Overrides whether a failure of the given kind makes this alias's calls fall back to the next
   * target of the plan. Defaults to {@link ErrorKind#fallback()} for each kind (the table in {@link
   * ErrorKind}); for example {@code fallbackOn(ErrorKind.CONTENT_FILTERED, true)} lets a content
   * filter verdict try a target with another filter.
   *
   * @param kind the error kind
   * @param fallBack whether to fall back after it
   * @return this spec
   * @throws ConfigurationException if the kind is null
   */
  public AliasSpec fallbackOn(ErrorKind kind, boolean fallBack) {
    if (kind == null) {
      throw new ConfigurationException("Alias '" + name + "' fallbackOn kind must not be null");
    }
    if (fallBack) {
      fallbackKinds.add(kind);
    } else {
      fallbackKinds.remove(kind);
    }
    return this;
  }

  /**
   * Enables hedging for plain chat calls: when the first attempt has not answered after {@code
   * delay}, the next target of the plan is called too; the first success wins and the other attempt
   * is cancelled. Both attempts count against the call's attempt cap. Streams and embeddings are
   * not hedged. Defaults to no hedging.
   *
   * @param delay a positive duration
   * @return this spec
   * @throws ConfigurationException if null, zero or negative
   */
  public AliasSpec hedge(Duration delay) {
    if (delay == null || delay.isZero() || delay.isNegative()) {
      throw new ConfigurationException(
          "Alias '" + name + "' hedge delay must be positive, was " + delay);
    }
    this.hedgeDelay = delay;
    this.hedgePercentile = 0;
    return this;
  }

  /**
   * Enables hedging with a delay taken from the first target's observed latency: its {@code
   * percentile} over the last 128 successful attempts, or {@code initialDelay} until 20 have been
   * seen. Defaults to no hedging.
   *
   * @param percentile in (0, 100), such as 95
   * @param initialDelay the delay before enough latencies are known; positive
   * @return this spec
   * @throws ConfigurationException if a value is out of range
   */
  public AliasSpec hedgeAtPercentile(double percentile, Duration initialDelay) {
    if (Double.isNaN(percentile) || percentile <= 0 || percentile >= 100) {
      throw new ConfigurationException(
          "Alias '" + name + "' hedge percentile must be in (0, 100), was " + percentile);
    }
    hedge(initialDelay);
    this.hedgePercentile = percentile;
    return this;
  }

  /**
   * Caches this alias's answers for the given time (requests naming the alias with the default
   * cache policy and no temperature above 0; see {@link CacheSpec}); {@link Duration#ZERO} switches
   * the cache off for the alias. Takes effect only when the builder has a {@link
   * GatewayClient.Builder#cache cache}. Defaults to the cache's {@link
   * CacheSpec#cacheAllAliases(boolean)} setting (off unless enabled there).
   *
   * @param ttl zero or positive
   * @return this spec
   * @throws ConfigurationException if null or negative
   */
  public AliasSpec cacheTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative()) {
      throw new ConfigurationException(
          "Alias '" + name + "' cacheTtl must be zero or positive, was " + ttl);
    }
    this.cacheTtl = ttl;
    return this;
  }

  /**
   * Keeps each conversation on the target and key that served it while the provider's prompt cache
   * is warm, so that weighted routing and key pools do not scatter the cache. A conversation is
   * recognized by the request's {@link dev.llmgateway.model.ChatRequest#promptCacheKey()} if it has
   * one, else by a hash of its cacheable prefix (the messages up to and including the last one
   * marked {@link dev.llmgateway.model.Message#cacheable()}, and the tools when {@link
   * dev.llmgateway.model.ChatRequest#cacheTools()} marks them), always within its tenant; requests
   * with neither are routed as usual.
   *
   * <p>The first call of a conversation is routed by the alias's strategy; the target and key that
   * answer it are remembered, and later calls put that target first with that key first, as long as
   * the key is available there (circuit closed, not cooling down, not disabled). When it is not,
   * the call is routed as usual and the conversation moves to where it lands. The memory lasts
   * {@link #DEFAULT_CACHE_AFFINITY_TTL} after the conversation's last call, or {@link
   * #LONG_CACHE_AFFINITY_TTL} when a cache marker asks for an hour; it is shared by the clients
   * derived with {@link GatewayClient#newBuilder()} and survives configuration reloads. Defaults to
   * off.
   *
   * @return this spec
   */
  public AliasSpec cacheAffinity() {
    this.cacheAffinity = Duration.ZERO;
    return this;
  }

  /**
   * Like {@link #cacheAffinity()}, with a fixed time a conversation stays on its target and key
   * after its last call, whatever its cache markers say. Defaults to off.
   *
   * @param ttl how long the affinity outlives the conversation's last call; positive
   * @return this spec
   * @throws ConfigurationException if null, zero or negative
   */
  public AliasSpec cacheAffinity(Duration ttl) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new ConfigurationException(
          "Alias '" + name + "' cacheAffinity ttl must be positive, was " + ttl);
    }
    this.cacheAffinity = ttl;
    return this;
  }

  /** The alias's cache TTL, or {@code null} when it set none. */
  @Nullable Duration cacheTtl() {
    return cacheTtl;
  }

  AliasDefinition toDefinition() {
    List<TargetConfig> configs = new ArrayList<>(targets.size());
    for (TargetSpec t : targets) {
      configs.add(t.toConfig());
    }
    return new AliasDefinition(
        name,
        configs,
        fallbacks,
        strategy,
        enabled,
        fallbackKinds,
        hedgeDelay,
        hedgePercentile,
        cacheAffinity);
  }

  private void notBlank(@Nullable String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(
          "Alias '"
              + name
              + "' "
              + what
              + " must not be blank, was "
              + (value == null ? "null" : "'" + value + "'"));
    }
  }

  @Override
  public String toString() {
    return toDefinition().toString();
  }
}
