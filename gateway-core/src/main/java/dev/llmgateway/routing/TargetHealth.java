package dev.llmgateway.routing;

import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one target's health, as {@code GatewayClient.health()} reports it.
 *
 * @param target the provider and model
 * @param inFlight the attempts running on it now
 * @param latency the moving average latency of its successful attempts, or {@code null} if none
 * @param timeToFirstToken the moving average time to first content chunk of its streams, or {@code
 *     null} if none
 * @param keys the state of each of its keys, in configuration order
 */
public record TargetHealth(
    TargetRef target,
    int inFlight,
    @Nullable Duration latency,
    @Nullable Duration timeToFirstToken,
    List<KeyHealth> keys) {

  /**
   * Copies the list.
   *
   * @param target the provider and model
   * @param inFlight the attempts running on it now
   * @param latency the moving average latency of its successful attempts, or {@code null} if none
   * @param timeToFirstToken the moving average time to first content chunk of its streams, or
   *     {@code null} if none
   * @param keys the state of each of its keys, in configuration order
   */
  public TargetHealth {
    keys = List.copyOf(keys);
  }

  /**
   * Whether some key of the target can take a call now.
   *
   * @return {@code true} if at least one key is available
   */
  public boolean available() {
    for (KeyHealth k : keys) {
      if (k.available()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The health of one key.
   *
   * @param keyId the key's id
   * @return its health, or {@code null} if the target has no such key
   */
  public @Nullable KeyHealth key(String keyId) {
    for (KeyHealth k : keys) {
      if (k.keyId().equals(keyId)) {
        return k;
      }
    }
    return null;
  }
}
