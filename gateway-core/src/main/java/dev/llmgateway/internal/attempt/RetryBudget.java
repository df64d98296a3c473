package dev.llmgateway.internal.attempt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Caps retries per target as a share of its recent attempts, so that an outage does not become a
 * retry storm: a retry is allowed while {@code retries < minRetries + ratio * attempts} over a
 * sliding window (ten buckets). A target idle for a whole window holds no count and its window is
 * dropped, so memory follows the targets in use, not every target ever called. Thread-safe; one
 * small lock per target, never held while calling out.
 *
 * @see dev.llmgateway.GatewayClient.Builder#retryBudget
 */
public final class RetryBudget {
  private static final int BUCKETS = 10;

  private final double ratio;
  private final int minRetries;
  private final long bucketNanos;
  private final Ticker ticker;

  /** A target's window is dropped once it saw no attempt for a whole window: it holds nothing. */
  private final Cache<TargetRef, Window> windows;

  public RetryBudget(double ratio, int minRetries, Duration window, Ticker ticker) {
    this.ratio = ratio;
    this.minRetries = minRetries;
    this.bucketNanos = Math.max(1, Nanos.of(window) / BUCKETS);
    this.ticker = ticker;
    this.windows =
        Caffeine.newBuilder()
            .expireAfterAccess(window)
            .ticker(ticker::read)
            .executor(Runnable::run)
            .build();
  }

  /** Counts an attempt (first try or retry) on the target. */
  public void recordAttempt(TargetRef target) {
    window(target).add(ticker.read(), false);
  }

  /** Takes a retry from the budget; false if the budget is spent. */
  public boolean tryRetry(TargetRef target) {
    return window(target).add(ticker.read(), true);
  }

  private Window window(TargetRef target) {
    Window w = windows.getIfPresent(target); // no capturing lambda while the window exists
    return w != null ? w : windows.get(target, t -> new Window());
  }

  private final class Window {
    private final ReentrantLock lock = new ReentrantLock();
    private final long[] epochs = new long[BUCKETS];
    private final long[] attempts = new long[BUCKETS];
    private final long[] retries = new long[BUCKETS];

    /** Adds an attempt, or a retry if {@code retry} and the budget allows; returns the verdict. */
    public boolean add(long nanos, boolean retry) {
      long epoch = Math.floorDiv(nanos, bucketNanos);
      int i = (int) Math.floorMod(epoch, (long) BUCKETS);
      lock.lock();
      try {
        if (epochs[i] != epoch) {
          epochs[i] = epoch;
          attempts[i] = 0;
          retries[i] = 0;
        }
        if (!retry) {
          attempts[i]++;
          return true;
        }
        long a = 0;
        long r = 0;
        for (int b = 0; b < BUCKETS; b++) {
          if (epoch - epochs[b] < BUCKETS) {
            a += attempts[b];
            r += retries[b];
          }
        }
        if (r < minRetries + ratio * a) {
          retries[i]++;
          return true;
        }
        return false;
      } finally {
        lock.unlock();
      }
    }
  }
}
