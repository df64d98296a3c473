package dev.llmgateway.internal.attempt;

import dev.llmgateway.CallInfo;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.resilience.Permit;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.internal.util.Nanos;
import java.time.Duration;

/**
 * The second attempt step: takes the circuit breaker's permit for the target and key (throwing
 * {@link Refused} when it is not granted), starts the attempt (its number, the {@code attemptStart}
 * event, the retry budget's count) and finishes the permit exactly once: success (with the latency
 * sample), failure (counted by the breaker when its kind says the target is sick), or release for
 * outcomes that say nothing about the target's health: a cancelled attempt, a lost hedge, a {@code
 * TIMEOUT} caused by the call's own deadline (see {@link #endedByCallDeadline}), or anything else
 * than a {@link ProviderException} thrown through it.
 */
final class BreakerStep implements AttemptStep {
  /**
   * How close to the call's deadline a {@code TIMEOUT} must end to count as the deadline's doing
   * (providers measure the same deadline from a slightly later start, some in milliseconds): 10 ms.
   */
  static final long DEADLINE_SLACK_NANOS = 10_000_000L;

  private final Resilience resilience;
  private final RetryBudget retryBudget;

  BreakerStep(Resilience resilience, RetryBudget retryBudget) {
    this.resilience = resilience;
    this.retryBudget = retryBudget;
  }

  @Override
  public <R> R proceed(AttemptContext a, Next<R> next) {
    Permit permit = resilience.acquire(a.target().state(), a.status());
    if (permit == null) {
      String keyId = a.key().id();
      throw new Refused(
          a.status().block() == Resilience.Block.TRIAL
              ? "key '" + keyId + "' is disabled and another call took its trial"
              : "Circuit '"
                  + a.target().ref()
                  + "#"
                  + keyId
                  + "' does not permit calls (probes taken)");
    }
    CallState state = a.state();
    HedgeStart hedge = a.hedgeStart();
    if (hedge != null && !hedge.begin()) {
      permit.release();
      throw new Refused("the hedged attempt on " + a.target().ref() + " was given up");
    }
    long start = state.ticker().read();
    a.started(permit, state.attemptNumber(), start);
    try {
      state.events().attemptStart(state.info(), a.target().ref(), a.key().id(), a.number());
      if (hedge != null && !hedge.started()) {
        throw new Refused("the hedged attempt on " + a.target().ref() + " was given up");
      }
      retryBudget.recordAttempt(a.target().ref());
      R value = next.proceed(a);
      long took = state.ticker().read() - start;
      a.took(took);
      if (a.hedged() && a.cancellation().isCancelled()) {
        permit.release();
      } else {
        succeeded(state, permit, took);
      }
      return value;
    } catch (ProviderException e) {
      long took = state.ticker().read() - start;
      a.took(took);
      if (a.cancellation().isCancelled()
          || endedByCallDeadline(e, a.allotted(), state.remaining())) {
        permit.release();
      } else {
        permit.failure(took, e);
      }
      throw e;
    } finally {
      // Whatever else was thrown (an Error, a budget refusal, a provider breaking its contract),
      // the permit ends here; a no-op when it already ended.
      permit.release();
    }
  }

  private static void succeeded(CallState state, Permit permit, long took) {
    permit.success(took);
    TargetState t = permit.target();
    if (state.info().kind() == CallInfo.Kind.STREAM) {
      t.timeToFirstToken().add(took);
    } else {
      t.latency().add(took);
      t.samples().add(took);
    }
  }

  /**
   * Whether a failure says nothing about the target because the call's own deadline ended the
   * attempt: a {@code TIMEOUT} of an attempt that ran until (within {@link #DEADLINE_SLACK_NANOS},
   * or 1 % of its time) the end of the time the call had left. That time may have been short
   * because the caller chose a short deadline, because queueing, earlier attempts or pauses used it
   * up, or because this machine was too busy to read the answer in time; none of these means the
   * provider is failing. A {@code TIMEOUT} that ended clearly before the call's deadline (the
   * provider's own connect or read timeout fired) does count.
   *
   * @param e the attempt's failure
   * @param allotted the time the call had left when the attempt started
   * @param left the time the call has left now
   * @return whether the breaker should not count it
   */
  static boolean endedByCallDeadline(ProviderException e, Duration allotted, Duration left) {
    if (e.kind() != ErrorKind.TIMEOUT) {
      return false;
    }
    long slack = Math.max(DEADLINE_SLACK_NANOS, Nanos.of(allotted) / 100);
    return Nanos.of(left) <= slack;
  }
}
