package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.AliasDefinition;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import java.util.ArrayList;
import java.util.List;
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

  private final String name;
  private final List<RoutingStrategy.Candidate> targets = new ArrayList<>();
  private final List<String> fallbacks = new ArrayList<>();
  private RoutingStrategy strategy = RoutingStrategy.weighted();

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
    notBlank(provider, "target provider");
    notBlank(model, "target model");
    TargetRef ref = new TargetRef(provider, model);
    if (weight < 1) {
      throw new ConfigurationException(
          "Alias '" + name + "' target '" + ref + "' weight must be at least 1, was " + weight);
    }
    for (RoutingStrategy.Candidate c : targets) {
      if (c.target().equals(ref)) {
        throw new ConfigurationException("Alias '" + name + "' already has target '" + ref + "'");
      }
    }
    targets.add(new RoutingStrategy.Candidate(ref, weight));
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

  AliasDefinition toDefinition() {
    return new AliasDefinition(name, targets, fallbacks, strategy);
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
