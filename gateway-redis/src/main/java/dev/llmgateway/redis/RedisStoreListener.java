package dev.llmgateway.redis;

import dev.llmgateway.config.StoreSettings;

/**
 * Hears when a shared store loses Redis and when it has it back. Methods run on the thread of the
 * call that noticed (or on a Lettuce thread); they must be fast and must not throw (a throwing
 * listener is logged and ignored). The default methods do nothing.
 *
 * <pre>{@code
 * RedisStores.builder("redis://localhost:6379")
 *     .listener(new RedisStoreListener() {
 *       public void unavailable(StoreSettings.Shared store, StoreSettings.FailurePolicy p, Throwable e) {
 *         log.warn("{} lost Redis, {}", store, p);
 *       }
 *     })
 * }</pre>
 */
public abstract class RedisStoreListener {
  /** A listener that does nothing. */
  public static final RedisStoreListener NONE = new RedisStoreListener() {};

  /** For subclasses. */
  protected RedisStoreListener() {}

  /**
   * A store failed to reach Redis after working (or at its first use): from now until Redis answers
   * again its calls go on in memory ({@code FAIL_LOCAL}) or are refused ({@code FAIL_CLOSED}). Once
   * per outage.
   *
   * @param store the store
   * @param policy what its calls do meanwhile
   * @param cause the failure (a timeout, a closed connection, a Redis error)
   */
  public void unavailable(
      StoreSettings.Shared store, StoreSettings.FailurePolicy policy, Throwable cause) {}

  /**
   * A store reached Redis again after an outage; its calls use Redis from now on.
   *
   * @param store the store
   */
  public void recovered(StoreSettings.Shared store) {}
}
