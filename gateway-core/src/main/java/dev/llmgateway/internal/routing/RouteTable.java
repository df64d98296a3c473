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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
   * @param entry its provider
   * @param capabilities its model's capabilities, or null if not read yet
   * @param state its live state
   * @param candidate what its alias's routing strategy is given of it
   */
  record Resolved(
      ProviderEntry entry,
      @Nullable Capabilities capabilities,
      TargetState state,
      RoutingStrategy.Candidate candidate) {}

  /** Direct targets ({@code provider/model}) completed once per snapshot, by their name. */
  private final ConcurrentHashMap<String, TargetConfig> directTargets = new ConcurrentHashMap<>();

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
      for (TargetConfig t : a.targets()) {
        ProviderEntry e = providers.get(t.ref().provider());
        Capabilities caps = e.provider().capabilities(t.ref().model());
        capabilities.put(t.ref(), caps);
        resilience.configure(t.ref());
        resolved.put(t, new Resolved(e, caps, resilience.target(t.ref()), t.candidate()));
      }
      // Fallbacks that name provider/model directly are planned on every call too.
      for (String f : a.fallbacks()) {
        TargetRef direct = snapshot.aliases().containsKey(f) ? null : parseDirect(f);
        if (direct != null) {
          capabilities.computeIfAbsent(
              direct, r -> providers.get(r.provider()).provider().capabilities(r.model()));
        }
      }
    }
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
    return new Resolved(
        entry, capabilities.get(t.ref()), resilience.target(t.ref()), t.candidate());
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

  /** The capabilities of configured targets, read once. */
  Map<TargetRef, Capabilities> capabilities() {
    return capabilities;
  }

  /** A target completed from the price catalog. */
  TargetConfig complete(TargetConfig target) {
    return snapshot.complete(target);
  }

  /**
   * A direct target ({@code provider/model} with a configured provider) completed from the price
   * catalog, or null when the name is not one; computed once per snapshot and name, so that a plan
   * does not parse and complete its fallbacks on every call. Only for names from the configuration
   * (fallbacks): the memo is not bounded.
   *
   * @param model the requested model or fallback
   * @return the completed target, or null
   */
  public @Nullable TargetConfig directTarget(String model) {
    TargetConfig known = directTargets.get(model);
    if (known != null) {
      return known;
    }
    TargetRef ref = parseDirect(model);
    if (ref == null) {
      return null;
    }
    TargetConfig t = complete(TargetConfig.plain(ref));
    TargetConfig earlier = directTargets.putIfAbsent(model, t);
    return earlier != null ? earlier : t;
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
