package dev.llmgateway.routing;

import java.util.List;
import java.util.random.RandomGenerator;

/** Configuration order; see {@link RoutingStrategy#ordered()}. */
final class OrderedStrategy implements RoutingStrategy {
  static final OrderedStrategy INSTANCE = new OrderedStrategy();

  private OrderedStrategy() {}

  @Override
  public List<Candidate> order(List<Candidate> candidates, RandomGenerator random) {
    return candidates;
  }

  @Override
  public String toString() {
    return "RoutingStrategy.ordered()";
  }
}
