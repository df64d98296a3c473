package dev.llmgateway.routing;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The state of one key of one target.
 *
 * @param keyId the key's id (never the key)
 * @param circuit the state of the circuit breaker of this target and key
 * @param circuitOpenUntil when an open circuit lets a probe through, or {@code null} if it is not
 *     open
 * @param coolingUntil when the key's rate-limit cooldown ends, or {@code null} if it is not cooling
 *     down
 * @param disabledReason why the key was disabled (authentication or permission failure), or {@code
 *     null} if it is enabled
 */
public record KeyHealth(
    String keyId,
    CircuitState circuit,
    @Nullable Instant circuitOpenUntil,
    @Nullable Instant coolingUntil,
    @Nullable String disabledReason) {

  /**
   * Whether the key can take a call now.
   *
   * @return {@code true} if it is enabled, not cooling down and its circuit is not open
   */
  public boolean available() {
    return disabledReason == null && coolingUntil == null && circuit != CircuitState.OPEN;
  }
}
