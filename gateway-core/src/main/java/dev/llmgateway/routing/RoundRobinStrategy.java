package dev.llmgateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/** Rotating start; see {@link RoutingStrategy#roundRobin()}. */
final class RoundRobinStrategy implements RoutingStrategy {
  private final AtomicLong next = new AtomicLong();

  @Override
  public List<Candidate> order(List<Candidate> candidates, RandomGenerator random) {
    return rotate(candidates, next.getAndIncrement());
  }

  @Override
  public List<Candidate> order(List<Candidate> candidates, RoutingContext context) {
    return rotate(candidates, context.dryRun() ? next.get() : next.getAndIncrement());
  }

  private static List<Candidate> rotate(List<Candidate> candidates, long counter) {
    int n = candidates.size();
    int start = (int) Math.floorMod(counter, (long) n);
    List<Candidate> ordered = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ordered.add(candidates.get((start + i) % n));
    }
    return ordered;
  }

  @Override
  public String toString() {
    return "RoutingStrategy.roundRobin()";
  }
}
