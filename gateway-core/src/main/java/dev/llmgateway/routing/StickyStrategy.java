package dev.llmgateway.routing;

import dev.llmgateway.internal.util.WeightedShuffle;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Weighted rendezvous hashing on the call's user; see {@link RoutingStrategy#stickyByUser()}. Each
 * candidate scores {@code -weight / ln(u)} where {@code u} in (0, 1) is a hash of the user and the
 * target; the highest score is the primary. The hash is {@link String#hashCode()} based and mixed
 * with SplitMix64, so the choice is the same on every JVM.
 */
final class StickyStrategy implements RoutingStrategy {
  static final StickyStrategy INSTANCE = new StickyStrategy();

  private StickyStrategy() {}

  @Override
  public List<Candidate> order(List<Candidate> candidates, RandomGenerator random) {
    return WeightedShuffle.order(candidates, Candidate::weight, random);
  }

  @Override
  public List<Candidate> order(List<Candidate> candidates, RoutingContext context) {
    @Nullable String user = context.requestContext().user();
    if (user == null || candidates.size() <= 1) {
      return order(candidates, context.random());
    }
    int n = candidates.size();
    double[] scores = new double[n];
    long userHash = mix(user.hashCode());
    for (int i = 0; i < n; i++) {
      Candidate c = candidates.get(i);
      long h = mix(userHash ^ (c.target().toString().hashCode() * 0x9E3779B97F4A7C15L));
      // 53 random bits -> u in (0, 1).
      double u = ((h >>> 11) + 0.5) / (double) (1L << 53);
      scores[i] = -c.weight() / Math.log(u);
    }
    List<Candidate> ordered = new ArrayList<>(candidates);
    List<Integer> index = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      index.add(i);
    }
    index.sort((x, y) -> Double.compare(scores[y], scores[x]));
    for (int i = 0; i < n; i++) {
      ordered.set(i, candidates.get(index.get(i)));
    }
    return ordered;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public String toString() {
    return "RoutingStrategy.stickyByUser()";
  }
}
