package dev.llmgateway.internal.routing;

import dev.llmgateway.internal.config.AliasDefinition;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.Snapshot;
import dev.llmgateway.internal.config.TargetConfig;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Capabilities;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What routing reads of one snapshot: its providers (with their instances and key pools), its
 * aliases, each configured target's capabilities (read once), and the live state it consults
 * (targets and keys, and what routing remembers between calls). Immutable apart from the state it
 * points to; thread-safe.
 */
public final class RouteTable {
  private final Snapshot snapshot;
  private final Map<String, ProviderEntry> providers;
  private final Resilience resilience;
  private final RouteMemory memory;
  private final Map<TargetRef, Capabilities> capabilities = new HashMap<>();

  /** Each alias target's provider, capabilities and state, by identity (no string compares). */
  private final Map<TargetConfig, Resolved> resolved = new IdentityHashMap<>();

  /**
   * What routing reads of a target on every call, found once.
   *
   * @param config the target
   * @param entry its provider
   * @param capabilities its model's capabilities, or null if not read yet
   * @param state its live state
   * @param candidate what its alias's routing strategy is given of it
   * @param hash its reference's hash code, for the plan's duplicate checks
   * @param ready its planned target when its keys are its provider's whole pool in the pool's order
   *     and one is available: planned on most calls (one key), so made once
   */
  record Resolved(
      TargetConfig config,
      ProviderEntry entry,
      @Nullable Capabilities capabilities,
      TargetState state,
      RoutingStrategy.Candidate candidate,
      int hash,
      Plan.PlannedTarget ready) {

    static Resolved of(
        TargetConfig config,
        ProviderEntry entry,
        @Nullable Capabilities capabilities,
        TargetState state) {
      return new Resolved(
          config,
          entry,
          capabilities,
          state,
          config.candidate(),
          config.ref().hashCode(),
          new Plan.PlannedTarget(config.ref(), entry, config, state, entry.keys().keys(), false));
    }

    /** The target of a reference among a few: a scan, no per-call map. */
    static @Nullable Resolved find(List<Resolved> targets, TargetRef ref) {
      for (int i = 0; i < targets.size(); i++) {
        Resolved t = targets.get(i);
        if (t.config().ref().equals(ref)) {
          return t;
        }
      }
      return null;
    }

    /**
     * The target of a candidate: the built-in strategies return the candidates they were given,
     * found by identity; a custom one may return equal copies, found by reference.
     *
     * @throws IllegalStateException if none of the targets is the candidate's
     */
    static Resolved of(List<Resolved> targets, RoutingStrategy.Candidate c) {
      for (int i = 0; i < targets.size(); i++) {
        if (targets.get(i).candidate() == c) {
          return targets.get(i);
        }
      }
      Resolved t = find(targets, c.target());
      if (t == null) {
        throw new IllegalStateException(
            "Candidate '" + c.target() + "' is not a target of its alias");
      }
      return t;
    }
  }

  /**
   * An alias's targets, resolved, and their candidates: what a call whose filters admit them all
   * gives the alias's strategy.
   *
   * @param resolved the targets in configuration order
   * @param candidates their candidates, in the same order; unmodifiable
   * @param builtIn whether the strategy is one of the client's own, which do not modify the list
   *     they are given and return a permutation of it (tested): it is given {@code candidates}
   *     itself and its answer is not checked; a custom one gets a copy of its own, and its answer
   *     is checked
   */
  record AliasTargets(
      List<Resolved> resolved, List<RoutingStrategy.Candidate> candidates, boolean builtIn) {}

  private final Map<AliasDefinition, AliasTargets> aliasTargets = new IdentityHashMap<>();

  /**
   * Direct targets ({@code provider/model}) named as fallbacks, completed and resolved once per
   * snapshot, by their name.
   */
  private final Map<String, Resolved> directFallbacks = new HashMap<>();

  /**
   * Reads each configured target's capabilities and registers its state.
   *
   * @param snapshot the configuration
   * @param providers the snapshot's providers by name
   * @param resilience the live target state
   * @param memory what routing remembers between calls (cache affinity, stored responses)
   */
  public RouteTable(
      Snapshot snapshot,
      Map<String, ProviderEntry> providers,
      Resilience resilience,
      RouteMemory memory) {
    this.snapshot = snapshot;
    this.providers = providers;
    this.resilience = resilience;
    this.memory = memory;
    for (AliasDefinition a : snapshot.aliases().values()) {
      List<Resolved> all = new ArrayList<>(a.targets().size());
      List<RoutingStrategy.Candidate> candidates = new ArrayList<>(a.targets().size());
      for (TargetConfig t : a.targets()) {
        ProviderEntry e = providers.get(t.ref().provider());
        Capabilities caps = e.provider().capabilities(t.ref().model());
        capabilities.put(t.ref(), caps);
        resilience.configure(t.ref());
        Resolved r = Resolved.of(t, e, caps, resilience.target(t.ref()));
        resolved.put(t, r);
        all.add(r);
        candidates.add(r.candidate());
      }
      boolean builtIn =
          a.strategy().getClass().getPackageName().equals(RoutingStrategy.class.getPackageName())
              && a.strategy().getClass().getClassLoader() == RoutingStrategy.class.getClassLoader();
      aliasTargets.put(a, new AliasTargets(List.copyOf(all), List.copyOf(candidates), builtIn));
      for (String f : a.fallbacks()) {
        resolveFallback(f);
      }
    }
    for (String f : snapshot.settings().routing().defaultFallbacks()) {
      resolveFallback(f);
    }
  }

  /**
   * Fallbacks that name a direct target ({@code provider/model}) are planned on every call too:
   * completed from the price catalog and resolved here, once. Such a target's state is registered
   * like an alias target's (it lives as long as the client instead of expiring when idle): the
   * configuration names it, so there are few.
   */
  private void resolveFallback(String f) {
    TargetRef ref = snapshot.aliases().containsKey(f) ? null : parseDirect(f);
    if (ref == null || directFallbacks.containsKey(f)) {
      return;
    }
    capabilities.computeIfAbsent(
        ref, r -> providers.get(r.provider()).provider().capabilities(r.model()));
    resilience.configure(ref);
    directFallbacks.put(f, resolve(complete(TargetConfig.plain(ref))));
  }

  /**
   * A target's provider, capabilities and state: found once for alias targets, looked up for others
   * (direct targets, whose state may expire between calls).
   *
   * @param t the target
   * @return what routing reads of it
   * @throws IllegalStateException if its provider is unknown
   */
  Resolved resolve(TargetConfig t) {
    Resolved r = resolved.get(t);
    if (r != null) {
      return r;
    }
    ProviderEntry entry = providers.get(t.ref().provider());
    if (entry == null) {
      throw new IllegalStateException("Target '" + t.ref() + "' names an unknown provider");
    }
    return Resolved.of(t, entry, capabilities.get(t.ref()), resilience.target(t.ref()));
  }

  /**
   * An alias's targets, resolved when the table was made.
   *
   * @param alias an alias of this table's snapshot
   * @return its targets and candidates
   * @throws IllegalStateException if the alias is not of this snapshot
   */
  AliasTargets targetsOf(AliasDefinition alias) {
    AliasTargets t = aliasTargets.get(alias);
    if (t == null) {
      throw new IllegalStateException("Alias '" + alias.name() + "' is not of this configuration");
    }
    return t;
  }

  /** The providers by name. */
  public Map<String, ProviderEntry> providers() {
    return providers;
  }

  /** The aliases by name. */
  public Map<String, AliasDefinition> aliases() {
    return snapshot.aliases();
  }

  /** The live target state. */
  public Resilience resilience() {
    return resilience;
  }

  /** What routing remembers between calls. */
  public RouteMemory memory() {
    return memory;
  }

  /** A target completed from the price catalog. */
  TargetConfig complete(TargetConfig target) {
    return snapshot.complete(target);
  }

  /**
   * A fallback that names a direct target ({@code provider/model} with a configured provider),
   * completed and resolved when the table was made, or null when the name is not one.
   *
   * @param name the fallback's name, from the configuration
   * @return the resolved target, or null
   */
  @Nullable Resolved directFallback(String name) {
    return directFallbacks.get(name);
  }

  /**
   * {@code provider/model} with a configured provider, split at the first slash, or null.
   *
   * @param model the requested model
   * @return the target, or null
   */
  public @Nullable TargetRef parseDirect(String model) {
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
}
