package dev.llmgateway.internal;

import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a requested model to an ordered {@link Plan}.
 *
 * <ul>
 *   <li>An alias: its targets that can serve the request, ordered by the alias's strategy (primary
 *       first), then its fallbacks in order (an alias fallback expands to its own plan), without
 *       duplicates.
 *   <li>{@code provider/model}: that one target; the string is split at its first slash, so {@code
 *       openrouter/meta-llama/llama-3} is model {@code meta-llama/llama-3} of provider {@code
 *       openrouter}.
 *   <li>Anything else: {@link NoRouteException}.
 * </ul>
 *
 * <p>Targets whose provider lacks a capability the request needs are skipped (logged at DEBUG).
 * Later filters (circuit state, context window, tenant policy) plug in at {@link #admit}.
 * Thread-safe: holds only immutable configuration.
 */
final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final Map<String, ProviderEntry> providers;
  private final Map<String, AliasDefinition> aliases;
  private final RandomGenerator random;

  Router(
      Map<String, ProviderEntry> providers,
      Map<String, AliasDefinition> aliases,
      RandomGenerator random) {
    this.providers = providers;
    this.aliases = aliases;
    this.random = random;
  }

  Plan plan(String model, Requirements needs) {
    Map<TargetRef, Plan.PlannedTarget> plan = new LinkedHashMap<>();
    List<String> skipped = new ArrayList<>();
    AliasDefinition alias = aliases.get(model);
    if (alias != null) {
      Set<String> visited = new HashSet<>();
      visited.add(alias.name());
      expand(alias, needs, plan, skipped, visited);
    } else {
      TargetRef ref = parseDirect(model);
      if (ref == null) {
        throw new NoRouteException(
            model,
            "Unknown model '"
                + model
                + "': it is neither an alias "
                + new TreeSet<>(aliases.keySet())
                + " nor provider/model with a configured provider "
                + new TreeSet<>(providers.keySet()));
      }
      addIfAdmitted(ref, needs, plan, skipped);
    }
    if (plan.isEmpty()) {
      throw new NoRouteException(
          model,
          "No target for '" + model + "' can serve this " + describe(needs) + ": " + skipped);
    }
    if (!skipped.isEmpty()) {
      log.debug("Route for '{}' skips {}", model, skipped);
    }
    return new Plan(alias == null ? null : alias.name(), new ArrayList<>(plan.values()));
  }

  private void expand(
      AliasDefinition alias,
      Requirements needs,
      Map<TargetRef, Plan.PlannedTarget> plan,
      List<String> skipped,
      Set<String> visited) {
    List<RoutingStrategy.Candidate> candidates = new ArrayList<>(alias.targets().size());
    for (RoutingStrategy.Candidate c : alias.targets()) {
      if (admit(c.target(), needs, skipped)) {
        candidates.add(c);
      }
    }
    if (!candidates.isEmpty()) {
      List<RoutingStrategy.Candidate> ordered = alias.strategy().order(candidates, random);
      checkPermutation(alias, candidates, ordered);
      for (RoutingStrategy.Candidate c : ordered) {
        plan.putIfAbsent(c.target(), planned(c.target()));
      }
    }
    for (String fallback : alias.fallbacks()) {
      AliasDefinition next = aliases.get(fallback);
      if (next != null) {
        if (visited.add(next.name())) {
          expand(next, needs, plan, skipped, visited);
        }
      } else {
        TargetRef ref = parseDirect(fallback);
        if (ref == null) {
          // Checked at build time; a configuration that got here is a bug.
          throw new IllegalStateException(
              "Alias '" + alias.name() + "' fallback '" + fallback + "' does not resolve");
        }
        addIfAdmitted(ref, needs, plan, skipped);
      }
    }
  }

  private void addIfAdmitted(
      TargetRef ref,
      Requirements needs,
      Map<TargetRef, Plan.PlannedTarget> plan,
      List<String> skipped) {
    if (!plan.containsKey(ref) && admit(ref, needs, skipped)) {
      plan.put(ref, planned(ref));
    }
  }

  /** The filters every target passes before it can be planned: capabilities, for now. */
  private boolean admit(TargetRef ref, Requirements needs, List<String> skipped) {
    ProviderEntry entry = providers.get(ref.provider());
    if (entry == null) {
      throw new IllegalStateException("Target '" + ref + "' names an unknown provider");
    }
    List<String> missing = needs.missing(entry.capabilities());
    if (!missing.isEmpty()) {
      skipped.add(ref + " lacks " + missing);
      return false;
    }
    return true;
  }

  private Plan.PlannedTarget planned(TargetRef ref) {
    return new Plan.PlannedTarget(ref, providers.get(ref.provider()));
  }

  /** {@code provider/model} with a configured provider, split at the first slash, or null. */
  private @Nullable TargetRef parseDirect(String model) {
    int slash = model.indexOf('/');
    if (slash <= 0 || slash == model.length() - 1) {
      return null;
    }
    String provider = model.substring(0, slash);
    if (!providers.containsKey(provider)) {
      return null;
    }
    return new TargetRef(provider, model.substring(slash + 1));
  }

  private static void checkPermutation(
      AliasDefinition alias,
      List<RoutingStrategy.Candidate> candidates,
      List<RoutingStrategy.Candidate> ordered) {
    if (ordered.size() != candidates.size() || !new HashSet<>(ordered).containsAll(candidates)) {
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

  private static String describe(Requirements needs) {
    return switch (needs.kind()) {
      case CHAT -> "chat request";
      case STREAM -> "streamed chat request";
      case EMBED -> "embedding request";
    };
  }
}
