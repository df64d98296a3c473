package dev.llmgateway.routing;

import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import java.util.random.RandomGenerator;

/**
 * What a {@link RoutingStrategy} may know about the call it orders targets for: the call's random
 * source, who the call is for, how large its prompt is, and live signals per target (in-flight
 * calls, latency, estimated cost).
 *
 * <p>Created by the client once per call (and once per {@code explain}); valid only during {@link
 * RoutingStrategy#order(java.util.List, RoutingContext)}. Not thread-safe; strategies read it on
 * the calling thread.
 */
public interface RoutingContext {

  /**
   * The call's random source. Seeded per call from the client's seed, so that a seeded client
   * routes reproducibly and {@code explain} predicts the next call.
   *
   * @return the random source
   */
  RandomGenerator random();

  /**
   * Who the call is for (tenant, team, feature, user, tags).
   *
   * @return the attribution
   */
  RequestContext requestContext();

  /**
   * The estimated prompt size in tokens, from the client's {@link
   * dev.llmgateway.pricing.TokenEstimator} before a target is known. Computed on first use (and
   * shared with quotas and budgets), so a strategy that does not read it costs no estimate.
   *
   * @return the estimate, 0 for embeddings
   */
  long estimatedPromptTokens();

  /**
   * Whether the call is a streamed chat call (latency-aware strategies then rank by time to first
   * token).
   *
   * @return {@code true} for streams
   */
  boolean streaming();

  /**
   * Live signals of one candidate target.
   *
   * @param target a candidate's target
   * @return its signals
   */
  TargetSignals signals(TargetRef target);

  /**
   * Whether this is a dry run ({@code GatewayClient.explain}). Strategies with state (round robin)
   * must not advance it in a dry run, so that the plan shown is the one the next call gets.
   *
   * @return {@code true} for {@code explain}
   */
  boolean dryRun();
}
