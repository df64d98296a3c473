package dev.llmgateway.internal.attempt;

import dev.llmgateway.error.ProviderException;
import org.jspecify.annotations.Nullable;

/**
 * How one attempt ended: the provider's value, its failure, a refusal before anything was called,
 * or a local throwable (a budget refusal, an {@link Error}, a provider breaking its contract) that
 * ends the call as is.
 *
 * @param attempt the attempt, with its key, timing and reservation
 * @param value the provider's value, on success
 * @param error the provider's failure
 * @param local any other throwable
 * @param refused whether no key could take the attempt
 */
public record Outcome<R>(
    AttemptContext attempt,
    @Nullable R value,
    @Nullable ProviderException error,
    @Nullable Throwable local,
    boolean refused) {

  static <R> Outcome<R> success(AttemptContext a, R value) {
    return new Outcome<>(a, value, null, null, false);
  }

  static <R> Outcome<R> failure(AttemptContext a, ProviderException e) {
    return new Outcome<>(a, null, e, null, false);
  }

  static <R> Outcome<R> local(AttemptContext a, Throwable t) {
    return new Outcome<>(a, null, null, t, false);
  }

  static <R> Outcome<R> refused(AttemptContext a) {
    return new Outcome<>(a, null, null, null, true);
  }

  /** Whether the provider answered. */
  public boolean succeeded() {
    return !refused && error == null && local == null;
  }

  /** Rethrows a local throwable as it was (unchecked, or sneakily for a checked one). */
  RuntimeException rethrowLocal() {
    Throwable t = local;
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof RuntimeException r) {
      throw r;
    }
    throw Outcome.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(@Nullable Throwable t) throws T {
    throw (T) t;
  }
}
