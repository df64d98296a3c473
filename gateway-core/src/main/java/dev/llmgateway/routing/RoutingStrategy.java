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
 * <p>The client passes only the candidates that remain after filtering (disabled targets,
 * capabilities, context window), so weights are normalized over what is left. Targets whose circuit
 * is open or whose keys are all cooling down are ordered by the strategy too and then moved behind
 * the healthy ones by the client.
 *
 * <p>The client calls {@link #order(List, RoutingContext)}; its default delegates to {@link
 * #order(List, RandomGenerator)}, so a simple strategy is a lambda over the random source.
 * Implementations must be thread-safe and fast: the client calls them once per call, from the
 * caller's thread, without holding any lock. They must return a permutation of the candidates they
 * were given and must not throw.
 */
@FunctionalInterface
public interface RoutingStrategy {

  /**
   * Orders the candidates of one call from the random source alone.
   *
   * @param candidates the candidates that remain after filtering, in configuration order; never
   *     empty
   * @param random the call's random source; use it for every random choice so that a seeded client
   *     routes reproducibly
   * @return the same candidates in the order to try them, primary first
   */
  List<Candidate> order(List<Candidate> candidates, RandomGenerator random);

  /**
   * Orders the candidates of one call, with the call's context and live target signals. The default
   * ignores them and calls {@link #order(List, RandomGenerator)}.
   *
   * @param candidates the candidates that remain after filtering, in configuration order; never
   *     empty
   * @param context the call's random source, attribution, prompt size and target signals
   * @return the same candidates in the order to try them, primary first
   */
  default List<Candidate> order(List<Candidate> candidates, RoutingContext context) {
    return order(candidates, context.random());
  }

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
   * Configuration order (priority): the first configured target is always the primary; weights are
   * ignored.
   *
   * @return the shared ordered strategy
   */
  static RoutingStrategy ordered() {
    return OrderedStrategy.INSTANCE;
  }

  /**
   * Round robin: each call starts at the next candidate, ignoring weights. Returns a new instance
   * with its own counter; give each alias its own. A dry run ({@code explain}) shows the next
   * rotation without advancing it.
   *
   * @return a new round-robin strategy
   */
  static RoutingStrategy roundRobin() {
    return new RoundRobinStrategy();
  }

  /**
   * Least busy: fewest attempts in flight (in this client) first; ties keep configuration order.
   *
   * @return the shared least-busy strategy
   */
  static RoutingStrategy leastBusy() {
    return SignalStrategy.LEAST_BUSY;
  }

  /**
   * Lowest latency: the lowest moving average latency first (for streams: time to first token).
   * Targets without a measurement yet come first, so that each gets measured; ties keep
   * configuration order.
   *
   * @return the shared lowest-latency strategy
   */
  static RoutingStrategy lowestLatency() {
    return SignalStrategy.LOWEST_LATENCY;
  }

  /**
   * Lowest cost: the lowest estimated cost first, from each target's price hint; targets without a
   * price hint come last; ties keep configuration order. Targets whose context window cannot hold
   * the prompt were already filtered out.
   *
   * @return the shared lowest-cost strategy
   */
  static RoutingStrategy lowestCost() {
    return SignalStrategy.LOWEST_COST;
  }

  /**
   * Sticky by user: weighted rendezvous hashing on {@link
   * dev.llmgateway.model.RequestContext#user()}, so a user stays on one target while the candidates
   * and weights are unchanged, and when a target leaves only its users move. Calls without a user
   * are ordered like {@link #weighted()}.
   *
   * @return the shared sticky strategy
   */
  static RoutingStrategy stickyByUser() {
    return StickyStrategy.INSTANCE;
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
