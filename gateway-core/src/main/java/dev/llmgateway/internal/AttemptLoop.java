package dev.llmgateway.internal;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 6, the attempt loop: walks a call's plan, target by target, until one answers.
 *
 * <p>Per target: take the keys from the provider's pool (weighted pick first), then per attempt
 * call the provider with the time left before the call's deadline. On a {@link ProviderException}
 * its {@link ErrorKind} decides, in this order:
 *
 * <ol>
 *   <li>{@code nextKey()} and the target has another key: the next key, at once;
 *   <li>{@code retryable()}, retries left on this target ({@code retriesPerTarget}) and the pause
 *       fits in the time left: the same target and key again after the pause, which is the
 *       provider's {@code Retry-After} when it gave one, else exponential backoff with full jitter;
 *   <li>{@code fallback()}: the next target of the plan;
 *   <li>otherwise: the exception is rethrown as is (earlier failures added as suppressed).
 * </ol>
 *
 * <p>{@code maxAttempts} caps all attempts of the call together (key changes, retries and
 * fallbacks); when it is reached or the plan is exhausted the call fails with {@link
 * AllTargetsFailedException}. When the deadline has passed, the call fails with a {@link
 * ProviderException} of kind {@link ErrorKind#TIMEOUT} instead, whose cause is the last failure and
 * whose suppressed exceptions are the earlier ones. A cancelled call stops with {@link
 * CancellationException}.
 *
 * <p>Budget reservations (stage 6, budget issue) and circuit breakers (routing issue) wrap each
 * attempt at {@link #attempt}: acquired before the provider call, finished after it.
 */
final class AttemptLoop {
  private static final Logger log = LoggerFactory.getLogger(AttemptLoop.class);

  /** One provider operation: chat, open a stream, or embed. */
  @FunctionalInterface
  interface Action<R> {
    R call(Provider provider, TargetRef target, ProviderCall call);
  }

  /**
   * A successful attempt.
   *
   * @param value what the provider returned
   * @param target the target that answered
   * @param keyId the key that answered
   * @param failed the failed attempts before it
   * @param attempt the successful attempt
   * @param startNanos when the successful attempt started, by the call's ticker
   */
  record Success<R>(
      R value,
      Plan.PlannedTarget target,
      String keyId,
      List<Attempt> failed,
      Attempt attempt,
      long startNanos) {

    /** Every attempt, the successful one last. */
    List<Attempt> all() {
      List<Attempt> all = new ArrayList<>(failed);
      all.add(attempt);
      return all;
    }
  }

  private final Sleeper sleeper;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final int retriesPerTarget;

  AttemptLoop(Sleeper sleeper, Backoff backoff, RandomGenerator random, int retriesPerTarget) {
    this.sleeper = sleeper;
    this.backoff = backoff;
    this.random = random;
    this.retriesPerTarget = retriesPerTarget;
  }

  <R> Success<R> run(CallState state, Plan plan, Action<R> action) {
    List<Attempt> attempts = new ArrayList<>();
    List<ProviderException> failures = new ArrayList<>();
    String model = state.info().model();
    targets:
    for (Plan.PlannedTarget target : plan.targets()) {
      List<ProviderKey> keys = target.provider().keys().order(random);
      int keyIndex = 0;
      int retries = 0;
      while (true) {
        if (attempts.size() >= state.maxAttempts()) {
          log.debug(
              "Call {} for '{}' reached its {} attempt(s)",
              state.info().id(),
              model,
              attempts.size());
          break targets;
        }
        Duration remaining = state.remaining();
        if (remaining.isZero() || remaining.isNegative()) {
          throw deadlineExceeded(state, target.ref(), attempts, failures);
        }
        if (state.cancellation().isCancelled()) {
          throw cancelled(state, null);
        }
        ProviderKey key = keys.get(keyIndex);
        long start = state.ticker().read();
        try {
          R value = attempt(state, target, key, remaining, attempts.size() + 1, action);
          Attempt ok = new Attempt(target.ref(), key.id(), null, null, since(state, start));
          state.events().attemptEnd(state.info(), ok);
          return new Success<>(value, target, key.id(), List.copyOf(attempts), ok, start);
        } catch (ProviderException e) {
          Attempt failed =
              new Attempt(target.ref(), key.id(), e.kind(), describe(e), since(state, start));
          attempts.add(failed);
          failures.add(e);
          state.events().attemptFailed(state.info(), failed, e);
          if (state.cancellation().isCancelled()) {
            throw cancelled(state, e);
          }
          ErrorKind kind = e.kind();
          if (kind.nextKey() && keyIndex + 1 < keys.size()) {
            keyIndex++;
            log.debug(
                "Call {}: {} with key '{}' failed with {}; trying key '{}'",
                state.info().id(),
                target.ref(),
                key.id(),
                kind,
                keys.get(keyIndex).id());
            continue;
          }
          if (kind.retryable()
              && retries < retriesPerTarget
              && attempts.size() < state.maxAttempts()) {
            Optional<Duration> retryAfter = e.retryAfter();
            Duration pause =
                retryAfter.isPresent() ? retryAfter.get() : backoff.delay(retries, random);
            Duration left = state.remaining();
            if (pause.compareTo(left) < 0) {
              log.debug(
                  "Call {}: {} failed with {}; retrying in {}{}",
                  state.info().id(),
                  target.ref(),
                  kind,
                  pause,
                  retryAfter.isPresent() ? " (Retry-After)" : "");
              state.events().retryScheduled(state.info(), target.ref(), pause);
              if (!sleeper.sleep(pause, state.cancellation())) {
                throw cancelled(state, e);
              }
              retries++;
              continue;
            }
            log.debug(
                "Call {}: not retrying {}: a pause of {} does not fit the {} left",
                state.info().id(),
                target.ref(),
                pause,
                left);
          }
          if (!kind.fallback()) {
            for (int i = 0; i < failures.size() - 1; i++) {
              e.addSuppressed(failures.get(i));
            }
            log.debug(
                "Call {}: {} failed with {}, which does not fall back",
                state.info().id(),
                target.ref(),
                kind);
            throw e;
          }
          log.debug(
              "Call {}: {} failed with {}; falling back", state.info().id(), target.ref(), kind);
          continue targets;
        }
      }
    }
    Duration remaining = state.remaining();
    if (remaining.isZero() || remaining.isNegative()) {
      throw deadlineExceeded(state, attempts.get(attempts.size() - 1).target(), attempts, failures);
    }
    throw new AllTargetsFailedException(model, attempts, failures);
  }

  /** One provider attempt; budget reservation and circuit breaker permits will wrap this. */
  private <R> R attempt(
      CallState state,
      Plan.PlannedTarget target,
      ProviderKey key,
      Duration remaining,
      int number,
      Action<R> action) {
    state.events().attemptStart(state.info(), target.ref(), key.id(), number);
    ProviderCall call =
        new ProviderCall(key, remaining, state.cancellation(), state.headers(), state.info().id());
    return action.call(target.provider().provider(), target.ref(), call);
  }

  private static Duration since(CallState state, long startNanos) {
    return Duration.ofNanos(Math.max(0, state.ticker().read() - startNanos));
  }

  private static String describe(ProviderException e) {
    String message = e.getMessage();
    return message == null ? e.kind().toString() : message;
  }

  private static ProviderException deadlineExceeded(
      CallState state, TargetRef target, List<Attempt> attempts, List<ProviderException> failures) {
    StringBuilder sb =
        new StringBuilder("Call ")
            .append(state.info().id())
            .append(" for '")
            .append(state.info().model())
            .append("' exceeded its deadline of ")
            .append(state.timeout())
            .append(" after ")
            .append(attempts.size())
            .append(" attempt(s):");
    for (Attempt a : attempts) {
      sb.append(" [").append(a.target()).append('#').append(a.keyId()).append(": ");
      sb.append(a.errorKind()).append(']');
    }
    @Nullable ProviderException last =
        failures.isEmpty() ? null : failures.get(failures.size() - 1);
    ProviderException timeout =
        new ProviderException(
            ErrorKind.TIMEOUT, target.provider(), target.model(), sb.toString(), last);
    for (int i = 0; i < failures.size() - 1; i++) {
      timeout.addSuppressed(failures.get(i));
    }
    return timeout;
  }

  private static CancellationException cancelled(CallState state, @Nullable Throwable cause) {
    CancellationException e =
        new CancellationException(
            "Call " + state.info().id() + " for '" + state.info().model() + "' was cancelled");
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }
}
