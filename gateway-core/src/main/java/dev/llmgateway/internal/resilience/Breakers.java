package dev.llmgateway.internal.resilience;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the circuit breaker of each target and key (Resilience4j, timed by the client's clock),
 * with an open duration that grows with each opening in a row, and reports its state changes.
 * Thread-safe.
 */
final class Breakers {
  private static final Logger log = LoggerFactory.getLogger(Breakers.class);

  private final BreakerSettings breakerSettings;
  private final @Nullable CircuitBreakerConfig breakerConfig;
  private final GatewayEventListener events;
  private final LongSupplier now;

  Breakers(BreakerSettings settings, Clock clock, GatewayEventListener events, LongSupplier now) {
    this.breakerSettings = settings;
    this.breakerConfig = settings.enabled() ? settings.toConfig(clock) : null;
    this.events = events;
    this.now = now;
  }

  TargetState.KeySlot slot(TargetRef ref, String keyId) {
    if (breakerConfig == null) {
      return new TargetState.KeySlot(keyId, null);
    }
    CircuitBreaker breaker = CircuitBreaker.of(ref + "#" + keyId, breakerConfig);
    TargetState.KeySlot slot = new TargetState.KeySlot(keyId, breaker);
    breaker
        .getEventPublisher()
        .onStateTransition(
            e -> {
              CircuitBreaker.State from = e.getStateTransition().getFromState();
              CircuitBreaker.State to = e.getStateTransition().getToState();
              if (to == CircuitBreaker.State.OPEN) {
                slot.openings = from == CircuitBreaker.State.HALF_OPEN ? slot.openings + 1 : 1;
                Duration open = breakerSettings.openDuration(slot.openings);
                slot.openUntilNanos = Nanos.plus(now.getAsLong(), Nanos.of(open));
                log.warn(
                    "Circuit '{}#{}' is OPEN for {} (opening {} in a row)",
                    ref,
                    keyId,
                    open,
                    slot.openings);
              } else if (to == CircuitBreaker.State.CLOSED) {
                slot.openings = 0;
                log.info("Circuit '{}#{}' is CLOSED again", ref, keyId);
              }
              events.circuitStateChanged(ref, keyId, state(from), state(to));
            });
    return slot;
  }

  static CircuitState state(CircuitBreaker.State s) {
    return switch (s) {
      case CLOSED, METRICS_ONLY -> CircuitState.CLOSED;
      case OPEN, FORCED_OPEN -> CircuitState.OPEN;
      case HALF_OPEN -> CircuitState.HALF_OPEN;
      case DISABLED -> CircuitState.DISABLED;
    };
  }
}
