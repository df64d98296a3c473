package dev.llmgateway.spring.boot;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.TargetHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * An Actuator health indicator (component {@code llmGateway}) from {@link GatewayClient#health()}:
 * {@code DOWN} when the client has targets and none of them can be called, because every key of
 * every target has its circuit open or was disabled (authentication or permission failures); {@code
 * UP} otherwise, a key only cooling down after a rate limit included (it comes back by itself);
 * {@code UNKNOWN} while the client knows no target. The details name each target with its in-flight
 * attempts, moving average latency and per key (by id, never the key) its circuit state and until
 * when it is open or cooling down.
 *
 * <p>Cheap: {@code health()} reads in-memory state. Thread-safe.
 */
public final class GatewayHealthIndicator implements HealthIndicator {
  private final GatewayClient gateway;

  /**
   * An indicator of a client.
   *
   * @param gateway the client
   * @throws NullPointerException if {@code gateway} is null
   */
  public GatewayHealthIndicator(GatewayClient gateway) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
  }

  /**
   * The client's health now.
   *
   * @return {@code DOWN} if no target can be called, {@code UNKNOWN} with no targets, else {@code
   *     UP}; with the targets as details
   */
  @Override
  public Health health() {
    List<TargetHealth> targets = gateway.health();
    Map<String, Object> details = new LinkedHashMap<>();
    int callable = 0;
    for (TargetHealth t : targets) {
      if (callable(t)) {
        callable++;
      }
      details.put(t.target().toString(), describe(t));
    }
    Health.Builder health;
    if (targets.isEmpty()) {
      health = Health.unknown();
    } else if (callable == 0) {
      health = Health.down();
    } else {
      health = Health.up();
    }
    return health
        .withDetail("targets", targets.size())
        .withDetail("callableTargets", callable)
        .withDetails(details)
        .build();
  }

  /** Whether some key's circuit is not open and the key is not disabled. */
  private static boolean callable(TargetHealth t) {
    for (KeyHealth k : t.keys()) {
      if (k.circuit() != CircuitState.OPEN && k.disabledReason() == null) {
        return true;
      }
    }
    return false;
  }

  static Map<String, Object> describe(TargetHealth t) {
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("available", t.available());
    target.put("inFlight", t.inFlight());
    if (t.latency() != null) {
      target.put("latencyMillis", t.latency().toMillis());
    }
    if (t.timeToFirstToken() != null) {
      target.put("timeToFirstTokenMillis", t.timeToFirstToken().toMillis());
    }
    Map<String, Object> keys = new LinkedHashMap<>();
    for (KeyHealth k : t.keys()) {
      Map<String, Object> key = new LinkedHashMap<>();
      key.put("circuit", k.circuit().name());
      if (k.circuitOpenUntil() != null) {
        key.put("circuitOpenUntil", k.circuitOpenUntil().toString());
      }
      if (k.coolingUntil() != null) {
        key.put("coolingUntil", k.coolingUntil().toString());
      }
      if (k.disabledReason() != null) {
        key.put("disabled", k.disabledReason());
      }
      keys.put(k.keyId(), key);
    }
    target.put("keys", keys);
    return target;
  }
}
