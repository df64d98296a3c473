package dev.llmgateway.routing;

import org.jspecify.annotations.Nullable;

/**
 * Where key cooldowns and disabled keys live: the state of a provider's key pool that may be shared
 * by several app instances. The in-memory default is {@link #inMemory()}; a shared store (such as
 * {@code gateway-redis}'s) lets every instance see the rate limits and rejected keys another one
 * met. Set one with {@link dev.llmgateway.GatewayClient.Builder#keyStateStore}.
 *
 * <p>A scope is a provider name ({@code openai}: the key is rate limited or rejected everywhere) or
 * a target ({@code openai/gpt-4o}: the key may not use that model). Times are epoch nanoseconds of
 * the client's clock. Implementations are thread-safe and never block for long.
 *
 * <p>A disabled key may get one trial call after the client's probe interval (see {@link
 * dev.llmgateway.GatewayClient.Builder#disabledKeyProbeInterval}): the caller claims the trial with
 * {@link #tryStartProbe}, then either {@link #enable}s the key, restarts its interval with {@link
 * #disable}, or gives the trial back with {@link #endProbe}. At most one trial per scope and key is
 * claimed at a time.
 */
public interface KeyStateStore {

  /**
   * A disabled key's state in one scope.
   *
   * @param reason why, without secrets
   * @param sinceNanos when it was disabled or its last trial call was refused (epoch nanos)
   * @param probing whether a trial call has been claimed and not yet ended
   */
  public record Disabled(String reason, long sinceNanos, boolean probing) {
    /**
     * Checks the reason.
     *
     * @param reason why, without secrets
     * @param sinceNanos when it was disabled or its last trial call was refused (epoch nanos)
     * @param probing whether a trial call has been claimed and not yet ended
     * @throws NullPointerException if {@code reason} is null
     */
    public Disabled {
      java.util.Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * When a key's cooldown ends.
   *
   * @param scope the provider name
   * @param keyId the key id
   * @return the end in epoch nanoseconds, or {@link Long#MIN_VALUE} if it never cooled down
   */
  public long coolingUntil(String scope, String keyId);

  /**
   * Cools a key down until the given time; an existing longer cooldown is kept (only extended,
   * never shortened).
   *
   * @param scope the provider name
   * @param keyId the key id
   * @param untilNanos the end in epoch nanoseconds
   */
  public void coolDown(String scope, String keyId, long untilNanos);

  /**
   * A key's disabled state in a scope.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   * @return the state, or {@code null} if it is enabled
   */
  public @Nullable Disabled disabled(String scope, String keyId);

  /**
   * Why a key is disabled in a scope.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   * @return the reason, or {@code null} if it is enabled
   */
  public default @Nullable String disabledReason(String scope, String keyId) {
    Disabled d = disabled(scope, keyId);
    return d == null ? null : d.reason();
  }

  /**
   * Disables a key in a scope. If it is disabled already, its reason is kept, its interval restarts
   * at {@code sinceNanos} and a claimed trial call ends.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   * @param reason why, without secrets
   * @param sinceNanos now, in epoch nanoseconds
   * @return {@code true} if the key was enabled before
   */
  public boolean disable(String scope, String keyId, String reason, long sinceNanos);

  /**
   * Claims the one trial call of a disabled key whose interval has passed.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   * @param disabledUpToNanos the latest {@link Disabled#sinceNanos()} whose interval has passed
   * @return {@code true} if the trial is claimed by the caller; {@code false} if the key is
   *     enabled, its interval has not passed, or another trial is under way
   */
  public boolean tryStartProbe(String scope, String keyId, long disabledUpToNanos);

  /**
   * Gives a claimed trial back without a verdict (the trial was cancelled or failed for a reason
   * that says nothing about the key); the key stays disabled and the next call may try it.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   */
  public void endProbe(String scope, String keyId);

  /**
   * Enables a disabled key in a scope (a trial call succeeded), or forgets the state of a scope
   * that is no longer tracked.
   *
   * @param scope a provider name or {@code provider/model}
   * @param keyId the key id
   * @return {@code true} if the key was disabled before
   */
  public boolean enable(String scope, String keyId);

  /**
   * A store in this process's memory. Cooldowns are kept per provider and key (bounded by the
   * configuration); disabled entries until they are enabled.
   *
   * @return a new empty store
   */
  public static KeyStateStore inMemory() {
    return new InMemoryKeyStateStore();
  }
}
