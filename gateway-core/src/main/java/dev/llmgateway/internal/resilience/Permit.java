package dev.llmgateway.internal.resilience;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's hold on its target: the circuit breaker's permission, the in-flight count (which
 * keeps a directly addressed target's state from being evicted) and, for a disabled key's trial
 * call, the trial. Finished exactly once, as success, failure or release; later calls do nothing.
 * Thread-safe.
 */
public final class Permit {
  private final Resilience owner;
  private final TargetState.KeySlot slot;
  private final @Nullable CircuitBreaker breaker;
  private final TargetState target;
  private final @Nullable Trial trial;
  private final AtomicBoolean done = new AtomicBoolean();

  /** Takes over an in-flight count the owner already added to {@code target}. */
  public Permit(
      Resilience owner, TargetState.KeySlot slot, TargetState target, @Nullable Trial trial) {
    this.owner = owner;
    this.slot = slot;
    this.breaker = slot.breaker;
    this.target = target;
    this.trial = trial;
  }

  /** The state the attempt counts against (the live one, which may differ from the planned one). */
  public TargetState target() {
    return target;
  }

  /** The attempt succeeded after the given time. */
  public void success(long nanos) {
    if (done.compareAndSet(false, true)) {
      owner.leave(target);
      if (breaker != null) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        owner.observe(target, slot);
      }
      if (trial != null) {
        owner.trialSucceeded(trial);
      }
    }
  }

  /** The attempt failed; counts against the breaker only if the kind says the target is sick. */
  public void failure(long nanos, ProviderException e) {
    if (done.compareAndSet(false, true)) {
      owner.leave(target);
      if (breaker != null) {
        if (countsAgainstCircuit(e.kind())) {
          breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
          owner.observe(target, slot);
        } else {
          breaker.releasePermission();
        }
      }
      if (trial != null) {
        owner.trialFailed(trial, e.kind());
      }
    }
  }

  /** The attempt ended without a verdict (cancelled, lost a hedge). */
  public void release() {
    if (done.compareAndSet(false, true)) {
      owner.leave(target);
      if (breaker != null) {
        breaker.releasePermission();
      }
      if (trial != null) {
        owner.trialAbandoned(trial);
      }
    }
  }

  /** The kinds that say the target (not the key, not the request) is failing. */
  public static boolean countsAgainstCircuit(ErrorKind kind) {
    return switch (kind) {
      case UNAVAILABLE, TIMEOUT, NETWORK, MALFORMED_RESPONSE -> true;
      default -> false;
    };
  }
}
