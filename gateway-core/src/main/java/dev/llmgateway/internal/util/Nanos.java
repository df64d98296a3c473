package dev.llmgateway.internal.util;

import java.time.Duration;
import java.time.Instant;

/**
 * Saturating nanosecond arithmetic for deadlines, cooldowns and open durations: a duration or sum
 * that does not fit in a {@code long} becomes {@link Long#MAX_VALUE} (or {@link Long#MIN_VALUE})
 * instead of throwing {@link ArithmeticException} or wrapping around. About 292 years is then "as
 * long as a {@code long} can say", which no call, cooldown or circuit outlives.
 */
public final class Nanos {
  private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE);
  private static final Duration MIN = Duration.ofNanos(Long.MIN_VALUE);

  private Nanos() {}

  /** The duration in nanoseconds, saturated. */
  public static long of(Duration d) {
    // Duration.toNanos() throws beyond about 292 years; compare first, no exception on the path.
    if (d.compareTo(MAX) >= 0) {
      return Long.MAX_VALUE;
    }
    if (d.compareTo(MIN) <= 0) {
      return Long.MIN_VALUE;
    }
    return d.toNanos();
  }

  /** {@code a + b}, saturated. */
  public static long plus(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** {@code a - b}, saturated. */
  public static long minus(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /** The instant of epoch nanoseconds (negative ones before 1970 too). */
  public static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }
}
