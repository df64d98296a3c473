package dev.llmgateway.internal.resilience;

import dev.llmgateway.internal.util.Nanos;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;

/**
 * The circuit breaker configuration, validated by {@code CircuitBreakerSpec}.
 *
 * @param enabled whether targets have breakers
 * @param failureRateThreshold percent
 * @param slidingWindowSize calls
 * @param minimumCalls calls before rates count
 * @param slowCallDuration when a success is slow
 * @param slowCallRateThreshold percent
 * @param openDuration the first open duration
 * @param openDurationMultiplier growth per re-opening
 * @param maxOpenDuration the cap
 * @param halfOpenProbes probes in half-open state
 */
public record BreakerSettings(
    boolean enabled,
    float failureRateThreshold,
    int slidingWindowSize,
    int minimumCalls,
    Duration slowCallDuration,
    float slowCallRateThreshold,
    Duration openDuration,
    double openDurationMultiplier,
    Duration maxOpenDuration,
    int halfOpenProbes) {

  /** The Resilience4j configuration, timed by the given clock. */
  public CircuitBreakerConfig toConfig(Clock clock) {
    return CircuitBreakerConfig.custom()
        .failureRateThreshold(failureRateThreshold)
        .slidingWindow(
            slidingWindowSize, minimumCalls, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        // Resilience4j keeps it in nanoseconds: saturate rather than overflow on centuries.
        .slowCallDurationThreshold(Duration.ofNanos(Nanos.of(slowCallDuration)))
        .slowCallRateThreshold(slowCallRateThreshold)
        .permittedNumberOfCallsInHalfOpenState(halfOpenProbes)
        .waitIntervalFunctionInOpenState(
            IntervalFunction.ofExponentialBackoff(
                openDuration, openDurationMultiplier, maxOpenDuration))
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        // Outcomes are reported explicitly (onSuccess / onError / releasePermission).
        .recordException(e -> true)
        .clock(clock)
        .build();
  }

  /** The open duration after the n-th opening in a row (from 1), as Resilience4j computes it. */
  public Duration openDuration(int opening) {
    double nanos = Nanos.of(openDuration) * Math.pow(openDurationMultiplier, opening - 1);
    return nanos >= Nanos.of(maxOpenDuration) ? maxOpenDuration : Duration.ofNanos((long) nanos);
  }
}
