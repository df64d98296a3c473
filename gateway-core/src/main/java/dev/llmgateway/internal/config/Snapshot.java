package dev.llmgateway.internal.config;

import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import java.util.Map;

/**
 * One validated, immutable configuration of a client: everything a call reads that is not state.
 * Produced by {@link SnapshotCompiler}; the engine runs each call against the snapshot it started
 * with and may replace it atomically. Mutable state (circuit breakers, key cooldowns, latencies,
 * budget ledger, quota counters, cache) lives outside, keyed by stable ids (provider name, target
 * {@code provider/model}, key id, budget scope), so a new snapshot keeps the state of what did not
 * change.
 *
 * @param version the snapshot's number within its client, from 1
 * @param settings the builder's settings it was compiled from
 * @param providers the provider definitions by name, in configuration order
 * @param providerSettings what each provider's factory is given, by provider name
 * @param factories the factory of each provider, by provider name
 * @param aliases the aliases by name, in configuration order, their targets completed from the
 *     price catalog
 */
public record Snapshot(
    long version,
    EngineSettings settings,
    Map<String, ProviderDefinition> providers,
    Map<String, ProviderSettings> providerSettings,
    Map<String, ProviderFactory> factories,
    Map<String, AliasDefinition> aliases) {

  /**
   * A target addressed directly or as a fallback, completed from the price catalog.
   *
   * @param target the target as written
   * @return the target with catalog defaults
   */
  public TargetConfig complete(TargetConfig target) {
    ProviderDefinition p = providers.get(target.ref().provider());
    return p == null
        ? target
        : target.withCatalogDefaults(settings.spend().price(p.type(), target.ref()));
  }

  @Override
  public String toString() {
    return "Snapshot{version="
        + version
        + ", providers="
        + providers.keySet()
        + ", aliases="
        + aliases.keySet()
        + "}";
  }
}
