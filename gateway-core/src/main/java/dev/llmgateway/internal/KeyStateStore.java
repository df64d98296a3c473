package dev.llmgateway.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Where key cooldowns and disabled keys live. The in-memory default is {@link #inMemory()}; a
 * shared store (Redis, a later issue) lets several app instances see each other's rate limits.
 *
 * <p>A scope is a provider name ({@code openai}: the key is rate limited or rejected everywhere) or
 * a target ({@code openai/gpt-4o}: the key may not use that model). Times are epoch nanoseconds of
 * the client's clock. Implementations are thread-safe and never block for long.
 */
public interface KeyStateStore {

  /**
   * When a key's cooldown ends.
   *
   * @param scope the provider name
   * @param keyId the key id
   * @return the end in epoch nanoseconds, or {@link Long#MIN_VALUE} if it never cooled down
   */
  long coolingUntil(String scope, String keyId);

  /**
   * Cools a key down until the given time; an existing longer cooldown is kept (only extended,
   * never shortened).
   *
   * @param scope the provider name
   * @param keyId the key id
   * @param untilNanos the end in epoch nanoseconds
   */
  void coolDown(String scope, String keyId, long untilNanos);

  /**
   * Why a key is disabled in a scope.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   * @return the reason, or {@code null} if it is enabled
   */
  @Nullable String disabledReason(String scope, String keyId);

  /**
   * Disables a key in a scope.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   * @param reason why, without secrets
   * @return {@code true} if the key was enabled before
   */
  boolean disable(String scope, String keyId, String reason);

  /**
   * A store in this process's memory.
   *
   * @return a new empty store
   */
  static KeyStateStore inMemory() {
    return new KeyStateStore() {
      private final Map<String, Long> cooling = new ConcurrentHashMap<>();
      private final Map<String, String> disabled = new ConcurrentHashMap<>();

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
      public @Nullable String disabledReason(String scope, String keyId) {
        return disabled.isEmpty() ? null : disabled.get(scope + '#' + keyId);
      }

      @Override
      public boolean disable(String scope, String keyId, String reason) {
        return disabled.putIfAbsent(scope + '#' + keyId, reason) == null;
      }
    };
  }
}
