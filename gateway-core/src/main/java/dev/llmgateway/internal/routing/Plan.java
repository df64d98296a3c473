package dev.llmgateway.internal.routing;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The ordered targets of one call.
 *
 * @param alias the alias the plan was made for, or {@code null} for direct addressing
 * @param targets the targets, primary first, without duplicates; targets without an available key
 *     (last resorts) at the end
 * @param fallbackKinds the error kinds after which the call falls back to the next target
 * @param hedge the alias's hedging settings, or {@code null} without hedging
 * @param landing what to remember once the call is answered (cache affinity, a stored answer), or
 *     {@code null} when nothing
 */
public record Plan(
    @Nullable String alias,
    List<PlannedTarget> targets,
    Set<ErrorKind> fallbackKinds,
    @Nullable AliasDefinition hedge,
    @Nullable Landing landing) {
  public Plan {
    // A router's plan comes with a view of targets no one changes any more: no copy.
    targets = targets instanceof PlannedTargets.Values ? targets : List.copyOf(targets);
  }

  /**
   * A plan that remembers nothing once answered.
   *
   * @param alias the alias the plan was made for, or {@code null} for direct addressing
   * @param targets the targets, primary first
   * @param fallbackKinds the error kinds after which the call falls back to the next target
   * @param hedge the alias's hedging settings, or {@code null} without hedging
   */
  public Plan(
      @Nullable String alias,
      List<PlannedTarget> targets,
      Set<ErrorKind> fallbackKinds,
      @Nullable AliasDefinition hedge) {
    this(alias, targets, fallbackKinds, hedge, null);
  }

  /**
   * The targets' references, primary first: an unmodifiable view, not a copy.
   *
   * @return the references
   */
  public List<TargetRef> refs() {
    return new Refs(targets);
  }

  /** The hedging delay for the primary, or null without hedging. */
  public @Nullable Duration hedgeDelay() {
    if (hedge == null || hedge.hedgeDelay() == null || targets.isEmpty()) {
      return null;
    }
    if (hedge.hedgePercentile() > 0) {
      long p = targets.get(0).state().samples().percentile(hedge.hedgePercentile(), 20);
      if (p > 0) {
        return Duration.ofNanos(p);
      }
    }
    return hedge.hedgeDelay();
  }

  /** The references of a plan's targets, read through (the targets never change). */
  private static final class Refs extends AbstractList<TargetRef> implements RandomAccess {
    private final List<PlannedTarget> targets;

    Refs(List<PlannedTarget> targets) {
      this.targets = targets;
    }

    @Override
    public TargetRef get(int index) {
      return targets.get(index).ref();
    }

    @Override
    public int size() {
      return targets.size();
    }
  }

  /**
   * One target of a plan.
   *
   * @param ref the provider and model
   * @param provider the provider instance and its key pool
   * @param config the target's configuration (overrides, context window, endpoint mode)
   * @param state the target's live state (breakers, latency)
   * @param keys the keys in the order attempts take them
   * @param lastResort whether no key was available when the plan was made
   */
  public record PlannedTarget(
      TargetRef ref,
      ProviderEntry provider,
      TargetConfig config,
      TargetState state,
      List<ProviderKey> keys,
      boolean lastResort) {}
}
