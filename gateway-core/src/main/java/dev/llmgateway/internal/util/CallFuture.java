package dev.llmgateway.internal.util;

import dev.llmgateway.spi.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The future of an async call: cancelling it cancels the call's {@link Cancellation}, which aborts
 * the provider's in-flight I/O (and closes a stream). Dependent futures ({@code thenApply}...) do
 * not propagate cancellation back, as with any {@link CompletableFuture}.
 *
 * <p>It also keeps the call's deadline while the call waits for the executor: exactly one of {@link
 * #tryStart()} (the executor runs the call) and the expiry given to {@link #expireAfter} (the
 * deadline came first) wins.
 *
 * @param <T> the result type
 */
public final class CallFuture<T> extends CompletableFuture<T> {
  private final Cancellation cancellation;
  private final AtomicBoolean claimed = new AtomicBoolean();
  private volatile @Nullable Future<?> timer;

  /**
   * Creates the future.
   *
   * @param cancellation the call's cancellation signal
   */
  public CallFuture(Cancellation cancellation) {
    this.cancellation = cancellation;
  }

  /**
   * The call's cancellation signal.
   *
   * @return the signal this future cancels
   */
  public Cancellation cancellation() {
    return cancellation;
  }

  /**
   * Arms the call's deadline: unless the executor starts the call first ({@link #tryStart()}) or it
   * is cancelled, {@code expiry} runs once the delay has passed, on the deadline timer thread, and
   * must complete this future.
   *
   * @param delay the time from now to the call's deadline
   * @param expiry ends the call with its timeout
   */
  public void expireAfter(Duration delay, Runnable expiry) {
    timer =
        DeadlineTimer.schedule(
            delay,
            () -> {
              if (claimed.compareAndSet(false, true) && !isDone()) {
                try {
                  expiry.run();
                } catch (RuntimeException | Error e) {
                  completeExceptionally(e);
                }
              }
            });
    if (isDone()) {
      disarm();
    }
  }

  /**
   * Claims the call for the executor thread that is about to run it, and disarms its deadline timer
   * (from now on the call keeps its own deadline).
   *
   * @return {@code true} to run the call; {@code false} if it already expired or was cancelled
   */
  public boolean tryStart() {
    if (!claimed.compareAndSet(false, true)) {
      return false;
    }
    disarm();
    return !isDone();
  }

  /** Cancels the deadline timer, if any; for a call that will never run or already does. */
  public void disarm() {
    Future<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    cancellation.cancel();
    disarm();
    return cancelled;
  }
}
