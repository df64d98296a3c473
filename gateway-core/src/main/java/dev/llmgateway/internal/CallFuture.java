package dev.llmgateway.internal;

import dev.llmgateway.spi.Cancellation;
import java.util.concurrent.CompletableFuture;

/**
 * The future of an async call: cancelling it cancels the call's {@link Cancellation}, which aborts
 * the provider's in-flight I/O (and closes a stream). Dependent futures ({@code thenApply}...) do
 * not propagate cancellation back, as with any {@link CompletableFuture}.
 *
 * @param <T> the result type
 */
public final class CallFuture<T> extends CompletableFuture<T> {
  private final Cancellation cancellation;

  /**
   * Creates the future.
   *
   * @param cancellation the call's cancellation signal
   */
  public CallFuture(Cancellation cancellation) {
    this.cancellation = cancellation;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    cancellation.cancel();
    return cancelled;
  }
}
