package dev.llmgateway.internal.config;

import dev.llmgateway.internal.util.Nanos;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the pause before retry {@code n} (from 0) is uniform in
 * {@code [0, min(max, initial * 2^n)]}.
 *
 * @param initial the cap of the first pause; zero disables pauses
 * @param max the largest cap
 */
public record Backoff(Duration initial, Duration max) {

  /**
   * The pause before a retry.
   *
   * @param retry the retry's number on its target, from 0
   * @param random the random source
   * @return the pause
   */
  public Duration delay(int retry, RandomGenerator random) {
    long initialNanos = Nanos.of(initial);
    if (initialNanos <= 0) {
      return Duration.ZERO;
    }
    long maxNanos = Nanos.of(max);
    long cap = initialNanos;
    for (int i = 0; i < retry && cap < maxNanos; i++) {
      cap = cap > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : cap * 2;
    }
    cap = Math.min(cap, maxNanos);
    return Duration.ofNanos(random.nextLong(Nanos.plus(cap, 1)));
  }
}
