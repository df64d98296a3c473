package dev.llmgateway.internal.resilience;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of durations in nanoseconds, lock-free. The first sample
 * sets the average; each later one moves it by {@value #ALPHA} of the difference.
 */
public final class Ewma {
  /** The weight of a new sample. */
  static final double ALPHA = 0.2;

  private static final long NONE = -1;
  private final AtomicLong value = new AtomicLong(NONE);

  /**
   * Adds a sample.
   *
   * @param nanos the sample; negative counts as zero
   */
  public void add(long nanos) {
    long sample = Math.max(0, nanos);
    // A compare-and-set loop rather than updateAndGet: no capturing lambda per sample.
    while (true) {
      long old = value.get();
      long next = old == NONE ? sample : old + (long) (ALPHA * (sample - old));
      if (value.compareAndSet(old, next)) {
        return;
      }
    }
  }

  /** The average in nanoseconds, or -1 before the first sample. */
  public long get() {
    return value.get();
  }
}
