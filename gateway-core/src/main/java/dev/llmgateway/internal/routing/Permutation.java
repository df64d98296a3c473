package dev.llmgateway.internal.routing;

import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.routing.RoutingStrategy;
import java.util.HashSet;
import java.util.List;

/** Checks that a routing strategy returned a permutation of the candidates it was given. */
final class Permutation {
  private Permutation() {}

  /** Whether both lists hold the same candidates; without a set for the few of an alias. */
  private static boolean sameCandidates(
      List<RoutingStrategy.Candidate> candidates, List<RoutingStrategy.Candidate> ordered) {
    if (candidates.size() > 16) {
      return new HashSet<>(ordered).containsAll(candidates);
    }
    for (int i = 0; i < candidates.size(); i++) {
      RoutingStrategy.Candidate c = candidates.get(i);
      boolean found = false;
      for (int j = 0; j < ordered.size() && !found; j++) {
        RoutingStrategy.Candidate o = ordered.get(j);
        found = o == c || o.equals(c);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks the strategy's answer.
   *
   * @throws IllegalStateException if {@code ordered} is not a permutation of {@code candidates}
   */
  static void check(
      AliasDefinition alias,
      List<RoutingStrategy.Candidate> candidates,
      List<RoutingStrategy.Candidate> ordered) {
    if (ordered.size() != candidates.size() || !sameCandidates(candidates, ordered)) {
      throw new IllegalStateException(
          "RoutingStrategy "
              + alias.strategy()
              + " of alias '"
              + alias.name()
              + "' returned "
              + ordered
              + ", which is not a permutation of "
              + candidates);
    }
  }
}
