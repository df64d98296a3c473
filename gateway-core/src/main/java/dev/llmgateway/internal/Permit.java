package dev.llmgateway.internal;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's hold on its target: the circuit breaker's permission and the in-flight count.
 * Finished exactly once, as success, failure or release; later calls do nothing. Thread-safe.
 */
final class Permit {
  private final @Nullable CircuitBreaker breaker;
  private final TargetState target;
  private final AtomicBoolean done = new AtomicBoolean();

  Permit(@Nullable CircuitBreaker breaker, TargetState target) {
    this.breaker = breaker;
    this.target = target;
    target.inFlight.incrementAndGet();
  }

  /** The attempt succeeded after the given time. */
  void success(long nanos) {
    if (done.compareAndSet(false, true)) {
      target.inFlight.decrementAndGet();
      if (breaker != null) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  /** The attempt failed; counts against the breaker only if the kind says the target is sick. */
  void failure(long nanos, ProviderException e) {
    if (done.compareAndSet(false, true)) {
      target.inFlight.decrementAndGet();
      if (breaker != null) {
        if (countsAgainstCircuit(e.kind())) {
          breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
        } else {
          breaker.releasePermission();
        }
      }
    }
  }

  /** The attempt ended without a verdict (cancelled, lost a hedge). */
  void release() {
    if (done.compareAndSet(false, true)) {
      target.inFlight.decrementAndGet();
      if (breaker != null) {
        breaker.releasePermission();
      }
    }
  }

  /** The kinds that say the target (not the key, not the request) is failing. */
  static boolean countsAgainstCircuit(ErrorKind kind) {
    return switch (kind) {
      case UNAVAILABLE, TIMEOUT, NETWORK, MALFORMED_RESPONSE -> true;
      default -> false;
    };
  }
}
