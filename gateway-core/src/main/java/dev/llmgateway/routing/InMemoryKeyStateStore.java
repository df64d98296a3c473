package dev.llmgateway.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Cooldowns and disabled keys in two concurrent maps; lost with the client. */
final class InMemoryKeyStateStore implements KeyStateStore {
  private final Map<String, Long> cooling = new ConcurrentHashMap<>();
  private final Map<String, Disabled> disabled = new ConcurrentHashMap<>();

  @Override
  public long coolingUntil(String scope, String keyId) {
    Long until = cooling.get(scope + '#' + keyId);
    return until == null ? Long.MIN_VALUE : until;
  }

  @Override
  public void coolDown(String scope, String keyId, long untilNanos) {
    cooling.merge(scope + '#' + keyId, untilNanos, Math::max);
  }

  @Override
  public @Nullable Disabled disabled(String scope, String keyId) {
    return disabled.isEmpty() ? null : disabled.get(scope + '#' + keyId);
  }

  @Override
  public boolean disable(String scope, String keyId, String reason, long sinceNanos) {
    boolean[] was = new boolean[1];
    disabled.compute(
        scope + '#' + keyId,
        (k, d) -> {
          was[0] = d == null;
          return new Disabled(d == null ? reason : d.reason(), sinceNanos, false);
        });
    return was[0];
  }

  @Override
  public boolean tryStartProbe(String scope, String keyId, long disabledUpToNanos) {
    boolean[] claimed = new boolean[1];
    disabled.computeIfPresent(
        scope + '#' + keyId,
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
    disabled.computeIfPresent(
        scope + '#' + keyId,
        (k, d) -> d.probing() ? new Disabled(d.reason(), d.sinceNanos(), false) : d);
  }

  @Override
  public boolean enable(String scope, String keyId) {
    return disabled.remove(scope + '#' + keyId) != null;
  }
}
