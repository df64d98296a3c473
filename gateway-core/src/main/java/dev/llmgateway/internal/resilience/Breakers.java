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
    // No listener on the breaker: with one, Resilience4j builds an event with a time stamp on every
    // success. State changes are seen by whoever just acted on the breaker (see observe).
    return new TargetState.KeySlot(keyId, CircuitBreaker.of(ref + "#" + keyId, breakerConfig));
  }

  /**
   * Reports the state changes of a slot's breaker since they were last seen. Called right after
   * every action that can change the state (taking a permission, recording an outcome), by the
   * thread that took it, so each change is seen at once; a change seen by two threads is reported
   * by the one that claims it. A look that finds a state the breaker cannot reach from the one last
   * seen reports the steps it must have taken; a change goes unreported only if the breaker is back
   * in the state last seen before anyone looks (opened and closed again by others between one
   * thread's action and its look, which takes a whole open duration).
   */
  void observe(TargetRef ref, TargetState.KeySlot slot) {
    CircuitBreaker b = slot.breaker;
    if (b == null) {
      return;
    }
    CircuitBreaker.State now = b.getState();
    CircuitBreaker.State seen = slot.seen.get();
    while (now != seen) {
      if (slot.seen.compareAndSet(seen, now)) {
        steps(ref, slot, seen, now);
        return;
      }
      seen = slot.seen.get();
    }
  }

  /** Reports a change, through the states between when the breaker cannot go there directly. */
  private void steps(
      TargetRef ref, TargetState.KeySlot slot, CircuitBreaker.State from, CircuitBreaker.State to) {
    CircuitBreaker.State open = CircuitBreaker.State.OPEN;
    CircuitBreaker.State halfOpen = CircuitBreaker.State.HALF_OPEN;
    if (from == CircuitBreaker.State.CLOSED && to == halfOpen) {
      changed(ref, slot, from, open);
      changed(ref, slot, open, to);
    } else if (from == open && to == CircuitBreaker.State.CLOSED) {
      changed(ref, slot, from, halfOpen);
      changed(ref, slot, halfOpen, to);
    } else {
      changed(ref, slot, from, to);
    }
  }

  private void changed(
      TargetRef ref, TargetState.KeySlot slot, CircuitBreaker.State from, CircuitBreaker.State to) {
    String keyId = slot.keyId;
    if (to == CircuitBreaker.State.OPEN) {
      slot.openings = from == CircuitBreaker.State.HALF_OPEN ? slot.openings + 1 : 1;
      Duration open = breakerSettings.openDuration(slot.openings);
      slot.openUntilNanos = Nanos.plus(now.getAsLong(), Nanos.of(open));
      log.warn(
          "Circuit '{}#{}' is OPEN for {} (opening {} in a row)", ref, keyId, open, slot.openings);
    } else if (to == CircuitBreaker.State.CLOSED) {
      slot.openings = 0;
      log.info("Circuit '{}#{}' is CLOSED again", ref, keyId);
    }
    events.circuitStateChanged(ref, keyId, state(from), state(to));
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
