package dev.llmgateway.internal.attempt;

import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.spi.ProviderKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The keys one target's next attempt may take: the key that failed without pointing at itself first
 * (a retry stays on it), then the plan's keys not yet tried. Used by the call's thread only.
 */
final class KeyOrder {
  private final List<ProviderKey> keys;
  private final List<String> tried = new ArrayList<>(2);
  private @Nullable ProviderKey sticky;

  KeyOrder(List<ProviderKey> keys) {
    this.keys = keys;
  }

  /** The keys to try, in order. */
  List<ProviderKey> order() {
    if (sticky == null && tried.isEmpty()) {
      return keys;
    }
    List<ProviderKey> out = new ArrayList<>(keys.size());
    if (sticky != null) {
      out.add(sticky);
    }
    for (ProviderKey k : keys) {
      if (k != sticky && !tried.contains(k.id())) {
        out.add(k);
      }
    }
    return out;
  }

  /** A key failed in a way that says another key may do better. */
  void tried(ProviderKey key) {
    tried.add(key.id());
    sticky = null;
  }

  /** A key failed in a way that says nothing about the key: a retry stays on it. */
  void stick(ProviderKey key) {
    sticky = key;
  }

  /** A retry may take every key again. */
  void clearTried() {
    tried.clear();
  }

  /** Another untried key that is available now (no permit taken), or null. */
  @Nullable ProviderKey peekAvailable(Resilience resilience, Plan.PlannedTarget target) {
    for (ProviderKey k : keys) {
      if (!tried.contains(k.id()) && resilience.status(target.state(), k).available()) {
        return k;
      }
    }
    return null;
  }
}
