package dev.llmgateway.micrometer;

import dev.llmgateway.model.TargetRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Maps a target's provider name (as configured) to the conventions' {@code gen_ai.provider.name},
 * and to its host ({@code server.address}). Types and hosts come from the client's {@code
 * providerReady} events; types named on the listener's builder take precedence. Thread-safe.
 */
final class ProviderNames {
  private final Map<String, String> explicit;
  private final ConcurrentHashMap<String, String> types = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> hosts = new ConcurrentHashMap<>();

  /**
   * @param explicit provider names to provider types, for names that are not a type themselves
   */
  ProviderNames(Map<String, String> explicit) {
    this.explicit = Map.copyOf(explicit);
  }

  /** Learns a provider's type and host from the client. */
  void ready(String provider, String type, @Nullable String host) {
    types.put(provider, type);
    if (host != null && !host.isBlank()) {
      hosts.put(provider, host);
    } else {
      hosts.remove(provider);
    }
  }

  String of(TargetRef target) {
    String type = explicit.get(target.provider());
    if (type == null) {
      type = types.get(target.provider());
    }
    return GenAi.provider(type != null ? type : target.provider());
  }

  /** The target's host, or {@code none} if its provider did not say. */
  String host(TargetRef target) {
    return hosts.getOrDefault(target.provider(), GenAi.NONE);
  }
}
