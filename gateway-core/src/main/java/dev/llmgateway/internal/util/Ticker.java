package dev.llmgateway.internal.util;

import java.time.Clock;
import java.time.Instant;

/**
 * A nanosecond time source for deadlines, backoff and latencies. The system ticker is monotonic
 * ({@link System#nanoTime()}); a clock-based one lets tests drive time with a fake {@link Clock}.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * The current time in nanoseconds from an arbitrary origin.
   *
   * @return the time
   */
  public long read();

  /**
   * The monotonic system ticker.
   *
   * @return a ticker reading {@link System#nanoTime()}
   */
  public static Ticker system() {
    return System::nanoTime;
  }

  /**
   * A ticker that reads a clock.
   *
   * @param clock the clock
   * @return a ticker reading the clock's instant in nanoseconds since the epoch
   */
  public static Ticker of(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
