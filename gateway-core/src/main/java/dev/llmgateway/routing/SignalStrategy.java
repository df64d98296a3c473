package dev.llmgateway.routing;

import dev.llmgateway.model.Money;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Strategies that sort by a live {@link TargetSignals} value; ties keep configuration order (the
 * sort is stable). See {@link RoutingStrategy#leastBusy()}, {@link RoutingStrategy#lowestLatency()}
 * and {@link RoutingStrategy#lowestCost()}.
 */
enum SignalStrategy implements RoutingStrategy {
  LEAST_BUSY("leastBusy") {
    @Override
    long rank(TargetSignals s, boolean streaming) {
      return s.inFlight();
    }
  },
  LOWEST_LATENCY("lowestLatency") {
    @Override
    long rank(TargetSignals s, boolean streaming) {
      @Nullable Duration d = streaming ? s.timeToFirstToken() : s.latency();
      if (d == null && streaming) {
        d = s.latency();
      }
      // Unmeasured targets first, so that each gets measured.
      return d == null ? Long.MIN_VALUE : d.toNanos();
    }
  },
  LOWEST_COST("lowestCost") {
    @Override
    long rank(TargetSignals s, boolean streaming) {
      @Nullable Money cost = s.estimatedCost();
      return cost == null ? Long.MAX_VALUE : cost.nanos();
    }
  };

  private final String name;

  SignalStrategy(String name) {
    this.name = name;
  }

  abstract long rank(TargetSignals s, boolean streaming);

  @Override
  public List<Candidate> order(List<Candidate> candidates, RandomGenerator random) {
    // Without signals there is nothing to rank by: configuration order.
    return candidates;
  }

  @Override
  public List<Candidate> order(List<Candidate> candidates, RoutingContext context) {
    int n = candidates.size();
    if (n <= 1) {
      return candidates;
    }
    long[] ranks = new long[n];
    Integer[] index = new Integer[n];
    for (int i = 0; i < n; i++) {
      ranks[i] = rank(context.signals(candidates.get(i).target()), context.streaming());
      index[i] = i;
    }
    java.util.Arrays.sort(index, Comparator.comparingLong(i -> ranks[i]));
    List<Candidate> ordered = new ArrayList<>(n);
    for (Integer i : index) {
      ordered.add(candidates.get(i));
    }
    return ordered;
  }

  @Override
  public String toString() {
    return "RoutingStrategy." + name + "()";
  }
}
