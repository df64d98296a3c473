package dev.llmgateway.internal;

import dev.llmgateway.model.TargetRef;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ordered targets of one call.
 *
 * @param alias the alias the request named, or {@code null} for direct addressing
 * @param targets the targets, primary first, without duplicates
 */
record Plan(@Nullable String alias, List<PlannedTarget> targets) {
  Plan {
    targets = List.copyOf(targets);
  }

  List<TargetRef> refs() {
    List<TargetRef> refs = new ArrayList<>(targets.size());
    for (PlannedTarget t : targets) {
      refs.add(t.ref());
    }
    return refs;
  }

  /**
   * One target of a plan.
   *
   * @param ref the provider and model
   * @param provider the provider instance and its key pool
   */
  record PlannedTarget(TargetRef ref, ProviderEntry provider) {}
}
