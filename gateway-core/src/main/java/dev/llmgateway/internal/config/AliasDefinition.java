package dev.llmgateway.internal.config;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.routing.RoutingStrategy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One alias as configured on the builder.
 *
 * @param name the alias
 * @param targets its targets, in configuration order
 * @param fallbacks its fallbacks (alias names or {@code provider/model}), in order
 * @param strategy how it orders its targets
 * @param enabled whether calls may use it
 * @param fallbackKinds the error kinds after which its calls fall back to the next target
 * @param hedgeDelay the fixed hedging delay, or {@code null}
 * @param hedgePercentile the latency percentile used as hedging delay (0 when not used)
 * @param cacheAffinity how long a conversation stays on the target and key that served it while the
 *     provider's prompt cache is warm: {@code null} when off, {@link Duration#ZERO} for the
 *     lifetime the request's cache markers imply, else a fixed time
 */
public record AliasDefinition(
    String name,
    List<TargetConfig> targets,
    List<String> fallbacks,
    RoutingStrategy strategy,
    boolean enabled,
    Set<ErrorKind> fallbackKinds,
    @Nullable Duration hedgeDelay,
    double hedgePercentile,
    @Nullable Duration cacheAffinity) {

  /**
   * Copies the collections.
   *
   * @param name the alias
   * @param targets its targets, in configuration order
   * @param fallbacks its fallbacks (alias names or {@code provider/model}), in order
   * @param strategy how it orders its targets
   * @param enabled whether calls may use it
   * @param fallbackKinds the error kinds after which its calls fall back to the next target
   * @param hedgeDelay the fixed hedging delay, or {@code null}
   * @param hedgePercentile the latency percentile used as hedging delay (0 when not used)
   * @param cacheAffinity the cache affinity's lifetime: {@code null} when off, zero for the
   *     lifetime the cache markers imply, else a fixed time
   */
  public AliasDefinition {
    targets = List.copyOf(targets);
    fallbacks = List.copyOf(fallbacks);
    fallbackKinds =
        fallbackKinds.isEmpty()
            ? java.util.Collections.unmodifiableSet(EnumSet.noneOf(ErrorKind.class))
            : java.util.Collections.unmodifiableSet(EnumSet.copyOf(fallbackKinds));
  }

  /**
   * The default fallback table.
   *
   * @return the kinds whose {@link ErrorKind#fallback()} is true
   */
  public static Set<ErrorKind> defaultFallbackKinds() {
    EnumSet<ErrorKind> kinds = EnumSet.noneOf(ErrorKind.class);
    for (ErrorKind k : ErrorKind.values()) {
      if (k.fallback()) {
        kinds.add(k);
      }
    }
    return kinds;
  }

  /**
   * This alias with other targets, everything else unchanged.
   *
   * @param targets the targets, in configuration order
   * @return the copy
   */
  public AliasDefinition withTargets(List<TargetConfig> targets) {
    return new AliasDefinition(
        name,
        targets,
        fallbacks,
        strategy,
        enabled,
        fallbackKinds,
        hedgeDelay,
        hedgePercentile,
        cacheAffinity);
  }

  public boolean hedged() {
    return hedgeDelay != null;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Alias{name=").append(name).append(", targets=[");
    for (int i = 0; i < targets.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(targets.get(i));
    }
    sb.append("], fallbacks=").append(fallbacks).append(", strategy=").append(strategy);
    if (!enabled) {
      sb.append(", disabled");
    }
    if (hedgeDelay != null) {
      sb.append(", hedge=").append(hedgeDelay);
      if (hedgePercentile > 0) {
        sb.append("|p").append(hedgePercentile);
      }
    }
    if (cacheAffinity != null) {
      sb.append(", cacheAffinity=").append(cacheAffinity.isZero() ? "markers" : cacheAffinity);
    }
    return sb.append('}').toString();
  }
}
