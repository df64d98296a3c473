package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.resilience.BreakerSettings;
import java.time.Duration;

/**
 * Configures the circuit breakers, one per target and key (provider, model, key id), inside {@link
 * GatewayClient.Builder#circuitBreaker(java.util.function.Consumer)}. Backed by Resilience4j; time
 * comes from the client's clock. Every setter checks its argument at once and throws {@link
 * ConfigurationException} with the value given.
 *
 * <pre>{@code
 * .circuitBreaker(c -> c.consecutiveFailures(3, Duration.ofMinutes(5)))   // "3 failures -> 5 min"
 * .circuitBreaker(c -> c.failureRateThreshold(50).slidingWindowSize(20).minimumCalls(10)
 *     .slowCall(Duration.ofSeconds(20), 80).openDuration(Duration.ofSeconds(30)))
 * }</pre>
 *
 * <p>Failures that count: {@code UNAVAILABLE}, {@code TIMEOUT}, {@code NETWORK} and {@code
 * MALFORMED_RESPONSE}. Rate limits and key failures are handled by the key pool instead; the
 * caller's own errors ({@code INVALID_REQUEST}, {@code CONTEXT_LENGTH_EXCEEDED}, {@code
 * CONTENT_FILTERED}, {@code NOT_FOUND}), cancelled attempts, attempts that lost a hedge and a
 * {@code TIMEOUT} that the call's own deadline caused (the attempt ran until the end of the time
 * the call had left, however short: a tight deadline, time spent queued or on earlier attempts, a
 * busy machine) do not count; their permit is released. A {@code TIMEOUT} that ended before the
 * call's deadline (the provider's connect or read timeout) counts, so set the provider's {@code
 * readTimeout} below your call deadlines if a target that hangs should open its circuit. An open
 * circuit opens for {@link #openDuration}, then lets {@link #halfOpenProbes} calls through; each
 * time it opens again without having closed, the open duration is multiplied by {@link
 * #openDurationMultiplier} up to {@link #maxOpenDuration}, so a target that keeps failing rests
 * longer and longer.
 *
 * <p>Not thread-safe; used only while the builder runs its configurer.
 */
public final class CircuitBreakerSpec {
  /** Default failure rate that opens a circuit: 50 percent. */
  public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;

  /**
   * Default number of recent calls the rates are computed over: 100. With the default threshold, a
   * target whose calls fail at random at a few percent does not open: at 5 % the chance that 50 of
   * 100 calls fail is about 1e-38 per call (over 20 calls, as before, it was about 5e-9 per call,
   * an opening every couple of days at a thousand calls a second).
   */
  public static final int DEFAULT_SLIDING_WINDOW_SIZE = 100;

  /**
   * Default number of calls before the rates are computed at all: 20, so a dead target opens its
   * circuit after 20 failed calls, and a fresh circuit does not open on 5 unlucky calls of 10.
   */
  public static final int DEFAULT_MINIMUM_CALLS = 20;

  /** Default duration above which a successful call counts as slow: 60 seconds. */
  public static final Duration DEFAULT_SLOW_CALL_DURATION = Duration.ofSeconds(60);

  /** Default slow-call rate that opens a circuit: 100 percent. */
  public static final float DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100f;

  /** Default time an opened circuit refuses calls: 30 seconds. */
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);

  /** Default factor applied to the open duration each time a circuit re-opens: 2. */
  public static final double DEFAULT_OPEN_DURATION_MULTIPLIER = 2.0;

  /** Default cap of the open duration: 5 minutes. */
  public static final Duration DEFAULT_MAX_OPEN_DURATION = Duration.ofMinutes(5);

  /** Default number of probe calls a half-open circuit lets through: 1. */
  public static final int DEFAULT_HALF_OPEN_PROBES = 1;

  private boolean enabled = true;
  private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
  private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
  private int minimumCalls = DEFAULT_MINIMUM_CALLS;
  private Duration slowCallDuration = DEFAULT_SLOW_CALL_DURATION;
  private float slowCallRateThreshold = DEFAULT_SLOW_CALL_RATE_THRESHOLD;
  private Duration openDuration = DEFAULT_OPEN_DURATION;
  private double openDurationMultiplier = DEFAULT_OPEN_DURATION_MULTIPLIER;
  private Duration maxOpenDuration = DEFAULT_MAX_OPEN_DURATION;
  private int halfOpenProbes = DEFAULT_HALF_OPEN_PROBES;

  CircuitBreakerSpec() {}

  /**
   * Switches circuit breaking on or off. Defaults to on.
   *
   * @param enabled whether targets have circuit breakers
   * @return this spec
   */
  public CircuitBreakerSpec enabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  /**
   * Opens after {@code failures} failures in a row (more exactly: when the last {@code failures}
   * calls all failed) and keeps the circuit open for {@code openFor}: sets the sliding window and
   * the minimum calls to {@code failures}, the failure rate threshold to 100 percent and the open
   * duration (and the maximum open duration, at least) to {@code openFor}.
   *
   * @param failures at least 1
   * @param openFor a positive duration
   * @return this spec
   * @throws ConfigurationException if a value is out of range
   */
  public CircuitBreakerSpec consecutiveFailures(int failures, Duration openFor) {
    if (failures < 1) {
      throw new ConfigurationException(
          "circuitBreaker consecutiveFailures must be at least 1, was " + failures);
    }
    positive(openFor, "openDuration");
    this.slidingWindowSize = failures;
    this.minimumCalls = failures;
    this.failureRateThreshold = 100f;
    this.openDuration = openFor;
    if (maxOpenDuration.compareTo(openFor) < 0) {
      this.maxOpenDuration = openFor;
    }
    return this;
  }

  /**
   * Sets the failure rate, in percent of the calls in the window, at or above which a circuit
   * opens. Defaults to {@link #DEFAULT_FAILURE_RATE_THRESHOLD}.
   *
   * @param percent in (0, 100]
   * @return this spec
   * @throws ConfigurationException if out of range
   */
  public CircuitBreakerSpec failureRateThreshold(float percent) {
    this.failureRateThreshold = percent(percent, "failureRateThreshold");
    return this;
  }

  /**
   * Sets how many recent calls (per target and key) the rates are computed over. Defaults to {@link
   * #DEFAULT_SLIDING_WINDOW_SIZE}.
   *
   * @param calls at least 1
   * @return this spec
   * @throws ConfigurationException if below 1
   */
  public CircuitBreakerSpec slidingWindowSize(int calls) {
    if (calls < 1) {
      throw new ConfigurationException(
          "circuitBreaker slidingWindowSize must be at least 1, was " + calls);
    }
    this.slidingWindowSize = calls;
    return this;
  }

  /**
   * Sets how many calls must be recorded before a circuit may open. Defaults to {@link
   * #DEFAULT_MINIMUM_CALLS}.
   *
   * @param calls at least 1
   * @return this spec
   * @throws ConfigurationException if below 1
   */
  public CircuitBreakerSpec minimumCalls(int calls) {
    if (calls < 1) {
      throw new ConfigurationException(
          "circuitBreaker minimumCalls must be at least 1, was " + calls);
    }
    this.minimumCalls = calls;
    return this;
  }

  /**
   * Sets when a successful call counts as slow, and the slow-call rate at or above which a circuit
   * opens. Defaults to {@link #DEFAULT_SLOW_CALL_DURATION} and {@link
   * #DEFAULT_SLOW_CALL_RATE_THRESHOLD}.
   *
   * @param slowerThan a positive duration
   * @param ratePercent in (0, 100]
   * @return this spec
   * @throws ConfigurationException if a value is out of range
   */
  public CircuitBreakerSpec slowCall(Duration slowerThan, float ratePercent) {
    this.slowCallDuration = positive(slowerThan, "slowCall duration");
    this.slowCallRateThreshold = percent(ratePercent, "slowCall rate");
    return this;
  }

  /**
   * Sets how long an opened circuit refuses calls before it lets probes through. Defaults to {@link
   * #DEFAULT_OPEN_DURATION}.
   *
   * @param duration a positive duration, at most {@link #maxOpenDuration}
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public CircuitBreakerSpec openDuration(Duration duration) {
    this.openDuration = positive(duration, "openDuration");
    return this;
  }

  /**
   * Sets the factor the open duration grows by each time a circuit re-opens without having closed
   * (a failed probe). Defaults to {@link #DEFAULT_OPEN_DURATION_MULTIPLIER}; 1 keeps it fixed.
   *
   * @param multiplier at least 1
   * @return this spec
   * @throws ConfigurationException if below 1 or not a number
   */
  public CircuitBreakerSpec openDurationMultiplier(double multiplier) {
    if (Double.isNaN(multiplier) || multiplier < 1) {
      throw new ConfigurationException(
          "circuitBreaker openDurationMultiplier must be at least 1, was " + multiplier);
    }
    this.openDurationMultiplier = multiplier;
    return this;
  }

  /**
   * Sets the longest open duration the multiplier can reach. Defaults to {@link
   * #DEFAULT_MAX_OPEN_DURATION}.
   *
   * @param duration a positive duration
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public CircuitBreakerSpec maxOpenDuration(Duration duration) {
    this.maxOpenDuration = positive(duration, "maxOpenDuration");
    return this;
  }

  /**
   * Sets how many probe calls a half-open circuit lets through; all must succeed for it to close.
   * Defaults to {@link #DEFAULT_HALF_OPEN_PROBES}.
   *
   * @param probes at least 1
   * @return this spec
   * @throws ConfigurationException if below 1
   */
  public CircuitBreakerSpec halfOpenProbes(int probes) {
    if (probes < 1) {
      throw new ConfigurationException(
          "circuitBreaker halfOpenProbes must be at least 1, was " + probes);
    }
    this.halfOpenProbes = probes;
    return this;
  }

  BreakerSettings toSettings() {
    if (minimumCalls > slidingWindowSize) {
      // Resilience4j caps it the same way; say so rather than surprise.
      minimumCalls = slidingWindowSize;
    }
    if (maxOpenDuration.compareTo(openDuration) < 0) {
      throw new ConfigurationException(
          "circuitBreaker maxOpenDuration "
              + maxOpenDuration
              + " must be at least openDuration "
              + openDuration);
    }
    return new BreakerSettings(
        enabled,
        failureRateThreshold,
        slidingWindowSize,
        minimumCalls,
        slowCallDuration,
        slowCallRateThreshold,
        openDuration,
        openDurationMultiplier,
        maxOpenDuration,
        halfOpenProbes);
  }

  private static float percent(float value, String what) {
    if (Float.isNaN(value) || value <= 0 || value > 100) {
      throw new ConfigurationException(
          "circuitBreaker " + what + " must be in (0, 100] percent, was " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String what) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new ConfigurationException(
          "circuitBreaker " + what + " must be positive, was " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return toSettings().toString();
  }
}
