package dev.llmgateway.internal.util;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Ends async calls that are still waiting for their executor at their deadline. One daemon thread
 * ({@code llm-gateway-deadlines}) for the whole JVM, started when the first async call is made, as
 * {@link java.util.concurrent.CompletableFuture#orTimeout} does; a call that starts running cancels
 * its timer, which leaves the queue at once, so the queue holds only calls still waiting.
 */
public final class DeadlineTimer {
  private DeadlineTimer() {}

  /** Created on first use (lazy holder). */
  private static final class Holder {
    static final ScheduledThreadPoolExecutor TIMER = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread t = new Thread(task, "llm-gateway-deadlines");
                t.setDaemon(true);
                return t;
              });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  /**
   * Runs {@code task} after {@code delay} (saturated: a delay of centuries just never comes).
   *
   * @return the handle that cancels it
   */
  public static ScheduledFuture<?> schedule(Duration delay, Runnable task) {
    return Holder.TIMER.schedule(task, Math.max(0, Nanos.of(delay)), TimeUnit.NANOSECONDS);
  }
}
