package dev.llmgateway.routing;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.TargetRef;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Orders the targets of an alias for one call: the first target of the returned list is the
 * primary, the others are tried after it (before the alias's fallbacks) when it fails.
 *
 * <pre>{@code
 * GatewayClient.builder()
 *     .alias("fast", a -> a.target("openai", "gpt-4o-mini", 60)
 *                          .target("claude", "claude-haiku-4-5", 40)
 *                          .strategy(RoutingStrategy.weighted()))
 * }</pre>
 *
 * <p>The client passes only the candidates that remain after filtering (capabilities and, in later
 * versions, circuit state and tenant policy), so weights are normalized over what is left.
 *
 * <p>Implementations must be thread-safe and fast: the client calls {@link #order} once per call,
 * from the caller's thread, without holding any lock. They must return a permutation of the
 * candidates they were given and must not throw.
 */
@FunctionalInterface
public interface RoutingStrategy {

  /**
   * Orders the candidates of one call.
   *
   * @param candidates the candidates that remain after filtering, in configuration order; never
   *     empty
   * @param random the client's random source; use it for every random choice so that a seeded
   *     client routes reproducibly
   * @return the same candidates in the order to try them, primary first
   */
  List<Candidate> order(List<Candidate> candidates, RandomGenerator random);

  /**
   * Weighted random: the primary is picked with probability {@code weight / sum(weights)} over the
   * remaining candidates, the others follow in weighted random order (repeated weighted picks
   * without replacement). The default strategy of every alias.
   *
   * @return the shared weighted strategy
   */
  static RoutingStrategy weighted() {
    return WeightedStrategy.INSTANCE;
  }

  /**
   * Configuration order: the first configured target is always the primary; weights are ignored.
   *
   * @return the shared ordered strategy
   */
  static RoutingStrategy ordered() {
    return OrderedStrategy.INSTANCE;
  }

  /**
   * Round robin: each call starts at the next candidate, ignoring weights. Returns a new instance
   * with its own counter; give each alias its own.
   *
   * @return a new round-robin strategy
   */
  static RoutingStrategy roundRobin() {
    return new RoundRobinStrategy();
  }

  /**
   * One target an alias may send a call to, with its configured weight.
   *
   * @param target the provider and model
   * @param weight the relative share of traffic, at least 1
   */
  record Candidate(TargetRef target, int weight) {
    /**
     * Validates the candidate.
     *
     * @param target the provider and model
     * @param weight the relative share of traffic, at least 1
     * @throws ConfigurationException if the target is null or the weight below 1
     */
    public Candidate {
      if (target == null) {
        throw new ConfigurationException("A routing candidate needs a target");
      }
      if (weight < 1) {
        throw new ConfigurationException(
            "Target '" + target + "' weight must be at least 1, was " + weight);
      }
    }
  }
}
