package dev.llmgateway.redis;

import dev.llmgateway.config.StoreSettings;
import dev.llmgateway.error.GatewayException;
import org.jspecify.annotations.Nullable;

/**
 * A call was refused because a shared store under {@link StoreSettings.FailurePolicy#FAIL_CLOSED}
 * could not reach Redis within its command timeout (or Redis failed recently and is not yet asked
 * again). Nothing was spent or counted for the call.
 */
public final class RedisUnavailableException extends GatewayException {
  /** The store that refused the call. */
  private final StoreSettings.Shared store;

  /**
   * Creates the exception.
   *
   * @param store the store that refused
   * @param message what failed, naming the store and the server (never a password)
   * @param cause the Redis failure, or {@code null} while Redis is known to be down
   */
  public RedisUnavailableException(
      StoreSettings.Shared store, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.store = store;
  }

  /**
   * The store that refused the call.
   *
   * @return the store
   */
  public StoreSettings.Shared store() {
    return store;
  }
}
