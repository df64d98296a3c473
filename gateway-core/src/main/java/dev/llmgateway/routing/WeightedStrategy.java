package dev.llmgateway.routing;

import dev.llmgateway.internal.util.WeightedShuffle;
import java.util.List;
import java.util.random.RandomGenerator;

/** Weighted random order; see {@link RoutingStrategy#weighted()}. */
final class WeightedStrategy implements RoutingStrategy {
  static final WeightedStrategy INSTANCE = new WeightedStrategy();

  private WeightedStrategy() {}

  @Override
  public List<Candidate> order(List<Candidate> candidates, RandomGenerator random) {
    return WeightedShuffle.order(candidates, Candidate::weight, random);
  }

  @Override
  public String toString() {
    return "RoutingStrategy.weighted()";
  }
}
