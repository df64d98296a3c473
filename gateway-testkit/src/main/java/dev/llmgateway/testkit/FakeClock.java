package dev.llmgateway.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test tells it to, for deterministic tests of anything time-based:
 * deadlines, cooldowns, circuit breakers, budget windows, quotas, cache TTLs, token refresh.
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * GatewayClient gateway = GatewayClient.builder().clock(clock)...build();
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 *
 * <p>Thread-safe. Its zone is UTC; {@link #withZone} returns this same clock.
 */
public final class FakeClock extends Clock {
  /** Where a clock made with {@link #FakeClock()} starts: 2023-11-14T22:13:20Z. */
  public static final Instant DEFAULT_START = Instant.ofEpochSecond(1_700_000_000L);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final AtomicLong nanos;

  /** A clock at {@link #DEFAULT_START}. */
  public FakeClock() {
    this(DEFAULT_START);
  }

  /**
   * A clock at the given instant.
   *
   * @param start the instant the clock shows until it is advanced
   * @throws ArithmeticException if the instant does not fit in nanoseconds since the epoch
   */
  public FakeClock(Instant start) {
    this.nanos =
        new AtomicLong(
            Math.addExact(
                Math.multiplyExact(start.getEpochSecond(), NANOS_PER_SECOND), start.getNano()));
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far; must not be negative
   * @throws IllegalArgumentException if the duration is negative
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward, was " + duration);
    }
    nanos.addAndGet(duration.toNanos());
  }

  @Override
  public Instant instant() {
    long n = nanos.get();
    return Instant.ofEpochSecond(
        Math.floorDiv(n, NANOS_PER_SECOND), Math.floorMod(n, NANOS_PER_SECOND));
  }

  /** Returns UTC. */
  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** Returns this clock: a test clock has one timeline whatever zone is asked for. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
