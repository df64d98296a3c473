package dev.llmgateway.internal.util;

import dev.llmgateway.spi.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits for a backoff, waking early when the call is cancelled. Replaced by a fake in tests. */
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits.
   *
   * @param duration how long
   * @param cancellation the call's cancellation; cancelling it ends the wait early
   * @return {@code true} if the whole duration passed, {@code false} if the wait ended early
   *     (cancelled or interrupted; the interrupt flag is restored)
   */
  public boolean sleep(Duration duration, Cancellation cancellation);

  /**
   * The real sleeper: blocks the calling thread (cheap on a virtual thread).
   *
   * @return the sleeper
   */
  public static Sleeper system() {
    return (duration, cancellation) -> {
      if (duration.isZero() || duration.isNegative()) {
        return !cancellation.isCancelled();
      }
      CountDownLatch wake = new CountDownLatch(1);
      cancellation.onCancel(wake::countDown);
      try {
        return !wake.await(duration.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    };
  }
}
