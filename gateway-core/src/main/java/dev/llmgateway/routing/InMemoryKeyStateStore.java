package dev.llmgateway.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Cooldowns and disabled keys in concurrent maps of scope, then key id; lost with the client.
 * Lookups on the hot path build no key string: both names are long-lived with cached hashes.
 */
final class InMemoryKeyStateStore implements KeyStateStore {
  private final Map<String, Map<String, Long>> cooling = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Disabled>> disabled = new ConcurrentHashMap<>();

  private static <V> Map<String, V> of(Map<String, Map<String, V>> maps, String scope) {
    Map<String, V> m = maps.get(scope);
    return m != null ? m : maps.computeIfAbsent(scope, s -> new ConcurrentHashMap<>());
  }

  @Override
  public long coolingUntil(String scope, String keyId) {
    Map<String, Long> m = cooling.get(scope);
    Long until = m == null ? null : m.get(keyId);
    return until == null ? Long.MIN_VALUE : until;
  }

  @Override
  public void coolDown(String scope, String keyId, long untilNanos) {
    of(cooling, scope).merge(keyId, untilNanos, Math::max);
  }

  @Override
  public @Nullable Disabled disabled(String scope, String keyId) {
    Map<String, Disabled> m = disabled.get(scope);
    return m == null ? null : m.get(keyId);
  }

  @Override
  public boolean disable(String scope, String keyId, String reason, long sinceNanos) {
    boolean[] was = new boolean[1];
    of(disabled, scope)
        .compute(
            keyId,
            (k, d) -> {
              was[0] = d == null;
              return new Disabled(d == null ? reason : d.reason(), sinceNanos, false);
            });
    return was[0];
  }

  @Override
  public boolean tryStartProbe(String scope, String keyId, long disabledUpToNanos) {
    Map<String, Disabled> m = disabled.get(scope);
    if (m == null) {
      return false;
    }
    boolean[] claimed = new boolean[1];
    m.computeIfPresent(
        keyId,
        (k, d) -> {
          if (d.probing() || d.sinceNanos() > disabledUpToNanos) {
            return d;
          }
          claimed[0] = true;
          return new Disabled(d.reason(), d.sinceNanos(), true);
        });
    return claimed[0];
  }

  @Override
  public void endProbe(String scope, String keyId) {
    Map<String, Disabled> m = disabled.get(scope);
    if (m != null) {
      m.computeIfPresent(
          keyId, (k, d) -> d.probing() ? new Disabled(d.reason(), d.sinceNanos(), false) : d);
    }
  }

  @Override
  public boolean enable(String scope, String keyId) {
    Map<String, Disabled> m = disabled.get(scope);
    return m != null && m.remove(keyId) != null;
  }
}
