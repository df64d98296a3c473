package dev.llmgateway.internal.resilience;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last {@value #SIZE} successful latencies of a target, for percentile-based hedging delays.
 * Thread-safe; the lock guards only array writes and one copy.
 */
public final class LatencyWindow {
  static final int SIZE = 128;

  private final ReentrantLock lock = new ReentrantLock();
  private final long[] samples = new long[SIZE];
  private int count;
  private int next;

  public void add(long nanos) {
    lock.lock();
    try {
      samples[next] = nanos;
      next = (next + 1) % SIZE;
      if (count < SIZE) {
        count++;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The percentile (0..100) in nanoseconds, or -1 with fewer than {@code minSamples} samples. */
  public long percentile(double percentile, int minSamples) {
    long[] copy;
    lock.lock();
    try {
      if (count < minSamples || count == 0) {
        return -1;
      }
      copy = Arrays.copyOf(samples, count);
    } finally {
      lock.unlock();
    }
    Arrays.sort(copy);
    int index = (int) Math.ceil(percentile / 100.0 * copy.length) - 1;
    return copy[Math.max(0, Math.min(copy.length - 1, index))];
  }
}
