package dev.llmgateway.internal.attempt;

import dev.llmgateway.CallInfo;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.config.Backoff;
import dev.llmgateway.internal.pipeline.CallState;
import dev.llmgateway.internal.resilience.KeyPool;
import dev.llmgateway.internal.resilience.Permit;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.RateLimitObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 6, the attempt loop: walks a call's plan, target by target, until one answers.
 *
 * <p>Per target, per attempt: take the first key (in the plan's key order) that is enabled, not
 * cooling down and whose circuit breaker grants a permit; call the provider with the time left
 * before the call's deadline; finish the permit exactly once (success, failure, or release for
 * outcomes that say nothing about the target's health: cancelled, a lost hedge, a {@code TIMEOUT}
 * caused by the call's own deadline, see {@link #endedByCallDeadline}). The permit and the
 * attempt's budget reservation end in {@code finally}: whatever the attempt throws (an {@link
 * Error}, or anything else than a {@link ProviderException}) releases them and passes on as is. On
 * a {@link ProviderException} the key pool reacts first ({@code RATE_LIMITED}: the key cools down
 * for Retry-After or the provider's default; {@code AUTHENTICATION}: the key is disabled for the
 * provider; {@code PERMISSION}: for the target), then its {@link ErrorKind} decides, in this order:
 *
 * <ol>
 *   <li>{@code nextKey()} and the target has another available key: the next key, at once;
 *   <li>the exception's {@link ProviderException#retryable()} (the kind's unless the provider said
 *       otherwise), retries left on this target ({@code retriesPerTarget}), the retry budget of the
 *       target allows it, and the pause fits in the time left: the same target again after the
 *       pause, which is the provider's {@code Retry-After} when it gave one (a rate limit without
 *       one is not retried on its cooling key), else exponential backoff with full jitter;
 *   <li>the plan's fallback kinds (the {@link ErrorKind} table, overridable per alias) contain the
 *       kind: the next target of the plan; after {@code CONTEXT_LENGTH_EXCEEDED}, targets whose
 *       configured context window is not larger than the failed one's are skipped;
 *   <li>otherwise: the exception is rethrown as is (earlier failures added as suppressed).
 * </ol>
 *
 * <p>A target with no available key is deferred. If nothing answered and some targets were
 * deferred, the call waits for the earliest recovery when that fits in its deadline, the attempt
 * cap still allows an attempt after it (no wait after the last attempt) and {@code waitForCapacity}
 * is on, then tries the deferred targets again; when no attempt could be made at all it fails with
 * {@link CapacityUnavailableException} saying when capacity returns.
 *
 * <p>Hedging (plain chat, alias opt-in): the primary runs on the executor; if it has not answered
 * after the hedge delay, the next target runs too; the first success wins and the other attempt is
 * cancelled through its own {@link Cancellation} (its permit released). Targets tried in the hedge
 * are not retried.
 *
 * <p>{@code maxAttempts} caps all attempts of the call together (key changes, retries, hedges and
 * fallbacks); when it is reached or the plan is exhausted the call fails with {@link
 * AllTargetsFailedException}. When the deadline has passed, the call fails with a {@link
 * ProviderException} of kind {@link ErrorKind#TIMEOUT}, whose cause is the last failure and whose
 * suppressed exceptions are the earlier ones. A cancelled call stops with {@link
 * CancellationException}.
 */
public final class AttemptLoop {
  private static final Logger log = LoggerFactory.getLogger(AttemptLoop.class);

  /**
   * How close to the call's deadline a {@code TIMEOUT} must end to count as the deadline's doing
   * (providers measure the same deadline from a slightly later start, some in milliseconds): 10 ms.
   */
  static final long DEADLINE_SLACK_NANOS = 10_000_000L;

  /** One provider operation: chat, open a stream, or embed. */
  @FunctionalInterface
  public interface Action<R> {
    public R call(Provider provider, Plan.PlannedTarget target, ProviderCall call);
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
  public record Success<R>(
      R value,
      Plan.PlannedTarget target,
      String keyId,
      List<Attempt> failed,
      Attempt attempt,
      long startNanos) {

    /** Every attempt, the successful one last. */
    public List<Attempt> all() {
      List<Attempt> all = new ArrayList<>(failed);
      all.add(attempt);
      return all;
    }
  }

  private final Sleeper sleeper;
  private final Backoff backoff;
  private final int retriesPerTarget;
  private final RetryBudget retryBudget;
  private final Resilience resilience;
  private final boolean waitForCapacity;
  private final @Nullable Executor executor;

  public AttemptLoop(
      Sleeper sleeper,
      Backoff backoff,
      int retriesPerTarget,
      RetryBudget retryBudget,
      Resilience resilience,
      boolean waitForCapacity,
      @Nullable Executor executor) {
    this.sleeper = sleeper;
    this.backoff = backoff;
    this.retriesPerTarget = retriesPerTarget;
    this.retryBudget = retryBudget;
    this.resilience = resilience;
    this.waitForCapacity = waitForCapacity;
    this.executor = executor;
  }

  /** What one call's loop has seen so far. */
  private static final class Run {
    final List<Attempt> attempts = new ArrayList<>();
    final List<ProviderException> failures = new ArrayList<>();
    final List<Plan.PlannedTarget> deferred = new ArrayList<>(0);
    long earliestRecovery = Long.MAX_VALUE;
    @Nullable String lastBlock;
    boolean onlyCooling = true;
    int minContextWindow;
    boolean capReached;
    int hedgeConsumed;
  }

  /** A key with its permit. */
  private record Lease(ProviderKey key, Permit permit) {}

  public <R> Success<R> run(CallState state, Plan plan, Action<R> action) {
    return run(state, plan, action, value -> {});
  }

  /**
   * Runs the loop; {@code discard} receives every successful value that will not be returned (a
   * hedged attempt that answered after the other one won), exactly once, on whichever thread sees
   * it last.
   */
  public <R> Success<R> run(
      CallState state, Plan plan, Action<R> action, java.util.function.Consumer<R> discard) {
    Run run = new Run();
    List<Plan.PlannedTarget> targets = plan.targets();
    int from = 0;
    Duration hedgeDelay = plan.hedgeDelay();
    if (hedgeDelay != null
        && executor != null
        && state.info().kind() == CallInfo.Kind.CHAT
        && targets.size() >= 2
        && state.maxAttempts() >= 2) {
      Success<R> s = hedged(state, plan, action, run, hedgeDelay, discard);
      if (s != null) {
        return s;
      }
      from = run.hedgeConsumed;
    }
    for (int i = from; i < targets.size() && !run.capReached; i++) {
      Success<R> s = tryTarget(state, plan, targets.get(i), action, run);
      if (s != null) {
        return s;
      }
    }
    // Waiting is worth it only if another attempt may follow: check the cap before any wait.
    while (!capReached(state, run) && !run.deferred.isEmpty() && waitForCapacity) {
      long now = resilience.now();
      long wait = run.earliestRecovery - now;
      Duration remaining = state.remaining();
      if (run.earliestRecovery == Long.MAX_VALUE || wait >= remaining.toNanos()) {
        break;
      }
      Duration pause = Duration.ofNanos(Math.max(0, wait));
      log.debug(
          "Call {}: every remaining target is out of capacity; waiting {} for the earliest recovery",
          state.info().id(),
          pause);
      if (!sleeper.sleep(pause, state.cancellation())) {
        throw cancelled(state, null);
      }
      if (resilience.now() < run.earliestRecovery) {
        // The clock did not move (a fake clock in a test): waiting again would not help.
        break;
      }
      List<Plan.PlannedTarget> again = new ArrayList<>(run.deferred);
      run.deferred.clear();
      run.earliestRecovery = Long.MAX_VALUE;
      for (Plan.PlannedTarget t : again) {
        if (capReached(state, run)) {
          break;
        }
        Success<R> s = tryTarget(state, plan, t, action, run);
        if (s != null) {
          return s;
        }
      }
    }
    Duration remaining = state.remaining();
    if (!run.attempts.isEmpty() && (remaining.isZero() || remaining.isNegative())) {
      throw deadlineExceeded(
          state, run.attempts.get(run.attempts.size() - 1).target(), run.attempts, run.failures);
    }
    if (run.failures.isEmpty()) {
      throw noCapacity(state, run);
    }
    throw new AllTargetsFailedException(state.info().model(), run.attempts, run.failures);
  }

  /** Whether the call made all the attempts it may; then no wait can lead to another one. */
  private static boolean capReached(CallState state, Run run) {
    if (run.attempts.size() >= state.maxAttempts()) {
      run.capReached = true;
    }
    return run.capReached;
  }

  /** Tries one target until it answers (returned), or the call moves on (null), or fails. */
  private <R> @Nullable Success<R> tryTarget(
      CallState state, Plan plan, Plan.PlannedTarget target, Action<R> action, Run run) {
    if (run.minContextWindow > 0
        && target.config().contextWindow() > 0
        && target.config().contextWindow() <= run.minContextWindow) {
      log.debug(
          "Call {}: skipping {}: its context window {} is not larger than the one exceeded",
          state.info().id(),
          target.ref(),
          target.config().contextWindow());
      return null;
    }
    List<String> tried = new ArrayList<>(2);
    int retries = 0;
    @Nullable ProviderKey sticky = null;
    while (true) {
      if (run.attempts.size() >= state.maxAttempts()) {
        log.debug(
            "Call {} for '{}' reached its {} attempt(s)",
            state.info().id(),
            state.info().model(),
            run.attempts.size());
        run.capReached = true;
        return null;
      }
      Duration remaining = state.remaining();
      if (remaining.isZero() || remaining.isNegative()) {
        throw deadlineExceeded(state, target.ref(), run.attempts, run.failures);
      }
      if (state.cancellation().isCancelled()) {
        throw cancelled(state, null);
      }
      Lease lease = lease(target, tried, sticky, run);
      if (lease == null) {
        if (!run.deferred.contains(target)) {
          run.deferred.add(target);
        }
        log.debug(
            "Call {}: {} has no available key ({}); moving on",
            state.info().id(),
            target.ref(),
            run.lastBlock);
        return null;
      }
      ProviderKey key = lease.key();
      long start = state.ticker().read();
      Cancellation cancellation = state.cancellation();
      try {
        R value = attempt(state, target, lease, remaining, cancellation, action);
        return succeeded(state, target, lease, start, value, run);
      } catch (ProviderException e) {
        long took = state.ticker().read() - start;
        if (state.cancellation().isCancelled()) {
          lease.permit().release();
          recordFailure(state, target, key, e, took, run);
          throw cancelled(state, e);
        }
        if (endedByCallDeadline(e, remaining, state.remaining())) {
          // The call's own deadline ended it: no verdict on the target (see the method).
          lease.permit().release();
        } else {
          lease.permit().failure(took, e);
        }
        recordFailure(state, target, key, e, took, run);
        ErrorKind kind = e.kind();
        long coolingUntil = keyReaction(target, key, e);
        if (kind.nextKey()) {
          tried.add(key.id());
          sticky = null;
          ProviderKey next = peekKey(target, tried);
          if (next != null) {
            log.debug(
                "Call {}: {} with key '{}' failed with {}; trying key '{}'",
                state.info().id(),
                target.ref(),
                key.id(),
                kind,
                next.id());
            continue;
          }
        } else {
          sticky = key;
        }
        boolean rateLimitWithoutHint = kind == ErrorKind.RATE_LIMITED && e.retryAfter().isEmpty();
        if (e.retryable()
            && !rateLimitWithoutHint
            && retries < retriesPerTarget
            && run.attempts.size() < state.maxAttempts()) {
          Optional<Duration> retryAfter = e.retryAfter();
          Duration pause =
              retryAfter.isPresent() ? retryAfter.get() : backoff.delay(retries, state.jitter());
          Duration left = state.remaining();
          if (pause.compareTo(left) >= 0) {
            log.debug(
                "Call {}: not retrying {}: a pause of {} does not fit the {} left",
                state.info().id(),
                target.ref(),
                pause,
                left);
          } else if (!retryBudget.tryRetry(target.ref())) {
            log.debug(
                "Call {}: not retrying {}: its retry budget is spent",
                state.info().id(),
                target.ref());
          } else {
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
            tried.clear();
            continue;
          }
        }
        if (kind == ErrorKind.CONTEXT_LENGTH_EXCEEDED && target.config().contextWindow() > 0) {
          run.minContextWindow = Math.max(run.minContextWindow, target.config().contextWindow());
        }
        if (!plan.fallbackKinds().contains(kind)) {
          for (int i = 0; i < run.failures.size() - 1; i++) {
            e.addSuppressed(run.failures.get(i));
          }
          log.debug(
              "Call {}: {} failed with {}, which does not fall back",
              state.info().id(),
              target.ref(),
              kind);
          throw e;
        }
        if (coolingUntil != Long.MIN_VALUE) {
          // Rate limited: the target comes back when its key's cooldown ends.
          if (!run.deferred.contains(target)) {
            run.deferred.add(target);
          }
          run.earliestRecovery = Math.min(run.earliestRecovery, coolingUntil);
          run.lastBlock = "key '" + key.id() + "' of " + target.ref() + " rate limited";
        }
        log.debug(
            "Call {}: {} failed with {}; falling back", state.info().id(), target.ref(), kind);
        return null;
      } finally {
        // Whatever was thrown (an Error, a provider breaking its contract by throwing something
        // else than a ProviderException), the permit ends here; a no-op when it already ended.
        lease.permit().release();
      }
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
   */
  public static boolean endedByCallDeadline(ProviderException e, Duration allotted, Duration left) {
    if (e.kind() != ErrorKind.TIMEOUT) {
      return false;
    }
    long slack = Math.max(DEADLINE_SLACK_NANOS, Nanos.of(allotted) / 100);
    return Nanos.of(left) <= slack;
  }

  private <R> Success<R> succeeded(
      CallState state, Plan.PlannedTarget target, Lease lease, long start, R value, Run run) {
    long took = state.ticker().read() - start;
    lease.permit().success(took);
    if (state.info().kind() == CallInfo.Kind.STREAM) {
      lease.permit().target().timeToFirstToken().add(took);
    } else {
      lease.permit().target().latency().add(took);
      lease.permit().target().samples().add(took);
    }
    Attempt ok = new Attempt(target.ref(), lease.key().id(), null, null, Duration.ofNanos(took));
    state.events().attemptEnd(state.info(), ok);
    return new Success<>(value, target, lease.key().id(), List.copyOf(run.attempts), ok, start);
  }

  private void recordFailure(
      CallState state,
      Plan.PlannedTarget target,
      ProviderKey key,
      ProviderException e,
      long took,
      Run run) {
    Attempt failed =
        new Attempt(
            target.ref(), key.id(), e.kind(), describe(e), Duration.ofNanos(Math.max(0, took)));
    run.attempts.add(failed);
    run.failures.add(e);
    state.events().attemptFailed(state.info(), failed, e);
  }

  /**
   * Cooldown on rate limits, disabled keys on authentication and permission failures. Returns when
   * a rate-limited key's cooldown ends (epoch nanos), else {@link Long#MIN_VALUE}.
   */
  private long keyReaction(Plan.PlannedTarget target, ProviderKey key, ProviderException e) {
    switch (e.kind()) {
      case RATE_LIMITED -> {
        Duration d = e.retryAfter().orElse(target.provider().keys().rateLimitCooldown());
        return resilience.coolDown(target.ref().provider(), key.id(), d, "rate limited");
      }
      case AUTHENTICATION, PERMISSION -> {
        if (!KeyPool.NO_KEY_ID.equals(key.id())) {
          resilience.disable(target.ref(), key.id(), e.kind());
        }
        return Long.MIN_VALUE;
      }
      default -> {
        return Long.MIN_VALUE;
      }
    }
  }

  /** The first available key not yet tried, with a permit; null if none. */
  private @Nullable Lease lease(
      Plan.PlannedTarget target, List<String> tried, @Nullable ProviderKey sticky, Run run) {
    long now = resilience.now();
    if (sticky != null) {
      Lease l = leaseKey(target, sticky, now, run);
      if (l != null) {
        return l;
      }
    }
    for (ProviderKey k : target.keys()) {
      if (!tried.contains(k.id())) {
        Lease l = leaseKey(target, k, now, run);
        if (l != null) {
          return l;
        }
      }
    }
    return null;
  }

  private @Nullable Lease leaseKey(Plan.PlannedTarget target, ProviderKey k, long now, Run run) {
    Resilience.KeyStatus s = resilience.status(target.state(), k, now);
    if (!s.available()) {
      run.lastBlock = s.reason();
      if (s.block() == Resilience.Block.COOLING || s.block() == Resilience.Block.OPEN) {
        run.earliestRecovery = Math.min(run.earliestRecovery, s.untilNanos());
        if (s.block() == Resilience.Block.OPEN) {
          run.onlyCooling = false;
        }
      } else {
        run.onlyCooling = false;
      }
      return null;
    }
    Permit p = resilience.acquire(target.state(), s);
    if (p == null) {
      run.onlyCooling = false;
      run.lastBlock =
          s.block() == Resilience.Block.TRIAL
              ? "key '" + k.id() + "' is disabled and another call took its trial"
              : "Circuit '"
                  + target.ref()
                  + "#"
                  + k.id()
                  + "' does not permit calls (probes taken)";
      return null;
    }
    return new Lease(k, p);
  }

  /** Whether another untried key is available now (no permit taken). */
  private @Nullable ProviderKey peekKey(Plan.PlannedTarget target, List<String> tried) {
    long now = resilience.now();
    for (ProviderKey k : target.keys()) {
      if (!tried.contains(k.id()) && resilience.status(target.state(), k, now).available()) {
        return k;
      }
    }
    return null;
  }

  /** One provider attempt with its permit already taken. */
  private <R> R attempt(
      CallState state,
      Plan.PlannedTarget target,
      Lease lease,
      Duration remaining,
      Cancellation cancellation,
      Action<R> action) {
    ProviderKey key = lease.key();
    state.events().attemptStart(state.info(), target.ref(), key.id(), state.attemptNumber());
    retryBudget.recordAttempt(target.ref());
    ProviderCall call =
        new ProviderCall(
            key,
            remaining,
            cancellation,
            state.headers(),
            state.info().id(),
            target.config().endpointMode(),
            observer(target, key));
    // Anything else than a ProviderException passes through; the caller's finally ends the permit.
    return action.call(target.provider().provider(), target, call);
  }

  private RateLimitObserver observer(Plan.PlannedTarget target, ProviderKey key) {
    if (target.provider().keys().keys().size() < 2) {
      return RateLimitObserver.NONE;
    }
    return (remainingRequests, remainingTokens, resetIn) -> {
      if (remainingRequests == 0 || remainingTokens == 0) {
        resilience.coolDown(
            target.ref().provider(),
            key.id(),
            resetIn != null && !resetIn.isNegative() && !resetIn.isZero()
                ? resetIn
                : target.provider().keys().rateLimitCooldown(),
            "allowance spent");
      }
    };
  }

  // ---------------------------------------------------------------- hedging

  /** The outcome of one hedged attempt, reported by the thread that ran it. */
  private record Outcome<R>(
      int index,
      Plan.PlannedTarget target,
      Lease lease,
      long start,
      @Nullable R value,
      @Nullable ProviderException error,
      long took,
      @Nullable Throwable local) {}

  private <R> @Nullable Success<R> hedged(
      CallState state,
      Plan plan,
      Action<R> action,
      Run run,
      Duration delay,
      java.util.function.Consumer<R> discard) {
    java.util.concurrent.atomic.AtomicBoolean abandoned =
        new java.util.concurrent.atomic.AtomicBoolean();
    BlockingQueue<Outcome<R>> done = new LinkedBlockingQueue<>();
    try {
      return hedgedAttempts(state, plan, action, run, delay, done, abandoned, discard);
    } finally {
      // Whatever arrives from now on is nobody's: the task that adds it drains it too.
      abandoned.set(true);
      drain(done, discard);
    }
  }

  private static <R> void drain(
      BlockingQueue<Outcome<R>> done, java.util.function.Consumer<R> discard) {
    for (Outcome<R> o = done.poll(); o != null; o = done.poll()) {
      if (o.value() != null) {
        try {
          discard.accept(o.value());
        } catch (RuntimeException e) {
          log.warn("Discarding a hedged answer failed", e);
        }
      }
    }
  }

  private <R> @Nullable Success<R> hedgedAttempts(
      CallState state,
      Plan plan,
      Action<R> action,
      Run run,
      Duration delay,
      BlockingQueue<Outcome<R>> done,
      java.util.concurrent.atomic.AtomicBoolean abandoned,
      java.util.function.Consumer<R> discard) {
    List<Plan.PlannedTarget> targets = plan.targets();
    Cancellation[] cancels = new Cancellation[2];
    Lease[] leases = new Lease[2];
    boolean[] finished = new boolean[2];
    long hedgeStart = state.ticker().read();
    try {
      for (int i = 0; i < 2; i++) {
        if (i == 1) {
          // Never wait past the deadline for the hedge delay.
          Duration left = state.remaining();
          Outcome<R> first = poll(done, delay.compareTo(left) < 0 ? delay : left, state);
          if (first != null) {
            finished[first.index()] = true;
            if (first.local() != null) {
              throw unchecked(first.local());
            }
            Success<R> s = settle(state, first, run);
            if (s != null) {
              return s;
            }
            // The primary failed before the hedge delay: go on without hedging.
            run.hedgeConsumed = 1;
            ProviderException e = first.error();
            if (e != null && !plan.fallbackKinds().contains(e.kind())) {
              for (int k = 0; k < run.failures.size() - 1; k++) {
                e.addSuppressed(run.failures.get(k));
              }
              throw e;
            }
            return null;
          }
          state
              .events()
              .hedgeStarted(
                  state.info(),
                  targets.get(1).ref(),
                  Duration.ofNanos(state.ticker().read() - hedgeStart));
        }
        Plan.PlannedTarget t = targets.get(i);
        run.hedgeConsumed = i + 1;
        Lease lease = lease(t, List.of(), null, run);
        if (lease == null) {
          if (!run.deferred.contains(t)) {
            run.deferred.add(t);
          }
          if (i == 0) {
            return null;
          }
          break;
        }
        Duration remaining = state.remaining();
        if (remaining.isZero() || remaining.isNegative()) {
          lease.permit().release();
          throw deadlineExceeded(state, t.ref(), run.attempts, run.failures);
        }
        Cancellation child = new Cancellation();
        state.cancellation().onCancel(child::cancel);
        cancels[i] = child;
        leases[i] = lease;
        int index = i;
        long start = state.ticker().read();
        state.events().attemptStart(state.info(), t.ref(), lease.key().id(), state.attemptNumber());
        retryBudget.recordAttempt(t.ref());
        Runnable task =
            () -> {
              R value = null;
              ProviderException error = null;
              Throwable local = null;
              try {
                value =
                    action.call(
                        t.provider().provider(),
                        t,
                        new ProviderCall(
                            lease.key(),
                            remaining,
                            child,
                            state.headers(),
                            state.info().id(),
                            t.config().endpointMode(),
                            observer(t, lease.key())));
              } catch (ProviderException e) {
                error = e;
              } catch (dev.llmgateway.error.GatewayException e) {
                // A local refusal (such as a budget's) before the provider was called.
                local = e;
              } catch (Exception e) {
                // A provider breaking its contract (any other exception, even a checked one).
                error =
                    new ProviderException(
                        ErrorKind.MALFORMED_RESPONSE,
                        t.ref().provider(),
                        t.ref().model(),
                        "Provider threw " + e,
                        e);
              } catch (Error e) {
                // Not for this thread to handle: the call's thread rethrows it.
                local = e;
              }
              long took = state.ticker().read() - start;
              if (child.isCancelled()
                  || local != null
                  || (error != null && endedByCallDeadline(error, remaining, state.remaining()))) {
                lease.permit().release();
              } else if (error == null) {
                lease.permit().success(took);
              } else {
                lease.permit().failure(took, error);
              }
              done.add(new Outcome<>(index, t, lease, start, value, error, took, local));
              if (abandoned.get()) {
                drain(done, discard);
              }
            };
        try {
          executor.execute(task);
        } catch (RejectedExecutionException e) {
          lease.permit().release();
          cancels[i] = null;
          leases[i] = null;
          log.debug("Call {}: executor refused a hedged attempt; not hedging", state.info().id());
          run.hedgeConsumed = i;
          if (i == 0) {
            return null;
          }
          break;
        }
      }
      // Wait for the first success among the launched attempts.
      int pending = 0;
      for (int i = 0; i < 2; i++) {
        if (leases[i] != null && !finished[i]) {
          pending++;
        }
      }
      while (pending > 0) {
        Outcome<R> o = poll(done, state.remaining(), state);
        if (o == null) {
          throw deadlineExceeded(state, targets.get(0).ref(), run.attempts, run.failures);
        }
        finished[o.index()] = true;
        pending--;
        if (o.local() != null) {
          throw unchecked(o.local());
        }
        Success<R> s = settle(state, o, run);
        if (s != null) {
          int other = 1 - o.index();
          if (leases[other] != null && !finished[other]) {
            cancels[other].cancel();
            finished[other] = true;
            ProviderException lost =
                new ProviderException(
                    ErrorKind.TIMEOUT,
                    targets.get(other).ref().provider(),
                    targets.get(other).ref().model(),
                    "Cancelled: the hedged attempt on " + o.target().ref() + " answered first",
                    null);
            Attempt a =
                new Attempt(
                    targets.get(other).ref(),
                    leases[other].key().id(),
                    ErrorKind.TIMEOUT,
                    lost.getMessage(),
                    Duration.ofNanos(state.ticker().read() - hedgeStart));
            state.events().attemptFailed(state.info(), a, lost);
            List<Attempt> failed = new ArrayList<>(s.failed());
            failed.add(a);
            return new Success<>(
                s.value(), s.target(), s.keyId(), List.copyOf(failed), s.attempt(), s.startNanos());
          }
          return s;
        }
        if (state.cancellation().isCancelled()) {
          throw cancelled(state, o.error());
        }
        ProviderException e = o.error();
        if (e != null && !plan.fallbackKinds().contains(e.kind())) {
          for (int i = 0; i < 2; i++) {
            if (cancels[i] != null && !finished[i]) {
              cancels[i].cancel();
            }
          }
          for (int k = 0; k < run.failures.size() - 1; k++) {
            e.addSuppressed(run.failures.get(k));
          }
          throw e;
        }
      }
      return null;
    } catch (RuntimeException | Error e) {
      for (int i = 0; i < 2; i++) {
        if (cancels[i] != null && !finished[i]) {
          cancels[i].cancel();
        }
      }
      throw e;
    }
  }

  /** Records a hedged outcome; the success, or null after a failure. */
  private <R> @Nullable Success<R> settle(CallState state, Outcome<R> o, Run run) {
    ProviderException e = o.error();
    if (e == null) {
      long took = o.took();
      Plan.PlannedTarget t = o.target();
      o.lease().permit().target().latency().add(took);
      o.lease().permit().target().samples().add(took);
      Attempt ok = new Attempt(t.ref(), o.lease().key().id(), null, null, Duration.ofNanos(took));
      state.events().attemptEnd(state.info(), ok);
      @SuppressWarnings("null")
      R value = o.value();
      return new Success<>(
          value, t, o.lease().key().id(), List.copyOf(run.attempts), ok, o.start());
    }
    recordFailure(state, o.target(), o.lease().key(), e, o.took(), run);
    keyReaction(o.target(), o.lease().key(), e);
    return null;
  }

  private static <R> @Nullable Outcome<R> poll(
      BlockingQueue<Outcome<R>> queue, Duration timeout, CallState state) {
    if (timeout.isNegative() || timeout.isZero()) {
      return queue.poll();
    }
    try {
      return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state.cancellation().cancel();
      throw cancelled(state, e);
    }
  }

  // ---------------------------------------------------------------- errors

  /** A hedged attempt's local failure, rethrown as it was (a GatewayException or an Error). */
  private static RuntimeException unchecked(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    return t instanceof RuntimeException r ? r : new IllegalStateException(t);
  }

  private static String describe(ProviderException e) {
    String message = e.getMessage();
    return message == null ? e.kind().toString() : message;
  }

  private CapacityUnavailableException noCapacity(CallState state, Run run) {
    long earliest = run.earliestRecovery;
    Duration retryAfter =
        earliest == Long.MAX_VALUE
            ? null
            : Duration.ofNanos(Math.max(0, earliest - resilience.now()));
    java.time.Instant at = earliest == Long.MAX_VALUE ? null : Resilience.instant(earliest);
    ErrorKind kind = run.onlyCooling ? ErrorKind.RATE_LIMITED : ErrorKind.UNAVAILABLE;
    String message =
        "Call "
            + state.info().id()
            + " for '"
            + state.info().model()
            + "' made no attempt: every target is out of capacity ("
            + run.lastBlock
            + ")"
            + (at == null ? "" : "; capacity returns at " + at);
    return new CapacityUnavailableException(kind, state.info().model(), retryAfter, at, message);
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
