package dev.llmgateway.internal.attempt;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.config.Backoff;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.util.Sleeper;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan loop: walks a call's plan, target by target, until one answers. It only decides (next
 * key, retry, fall back, wait or stop); each attempt runs through the {@link AttemptChain} (key,
 * breaker permit, budget reservation, provider), which ends whatever it took in {@code finally}.
 *
 * <p>After a failed attempt its {@link ErrorKind} decides, in this order:
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
 * {@link CapacityUnavailableException} saying when capacity returns. Hedging (plain chat, alias
 * opt-in) is the {@link Hedger}'s, with the same attempt function and fallback check.
 *
 * <p>{@code maxAttempts} caps all attempts of the call together (key changes, retries, hedges and
 * fallbacks); when it is reached or the plan is exhausted the call fails with {@link
 * AllTargetsFailedException}. When the deadline has passed, the call fails with a {@link
 * ProviderException} of kind {@link ErrorKind#TIMEOUT}, whose cause is the last failure and whose
 * suppressed exceptions are the earlier ones. A cancelled call stops with {@link
 * CancellationException}. Thread-safe: holds configuration and shared state only.
 */
public final class PlanRunner {
  private static final Logger log = LoggerFactory.getLogger(PlanRunner.class);

  /** What the loop does after a failed attempt. */
  private enum Next {
    NEXT_KEY,
    RETRY,
    FALL_BACK,
    STOP
  }

  private final AttemptChain chain;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final int retriesPerTarget;
  private final RetryBudget retryBudget;
  private final Resilience resilience;
  private final boolean waitForCapacity;
  private final @Nullable Hedger hedger;

  /**
   * Creates the loop.
   *
   * @param chain the attempt chain every attempt runs through
   * @param executor runs hedged attempts, or null for no hedging
   */
  public PlanRunner(
      AttemptChain chain,
      Sleeper sleeper,
      Backoff backoff,
      int retriesPerTarget,
      RetryBudget retryBudget,
      Resilience resilience,
      boolean waitForCapacity,
      @Nullable Executor executor) {
    this.chain = chain;
    this.sleeper = sleeper;
    this.backoff = backoff;
    this.retriesPerTarget = retriesPerTarget;
    this.retryBudget = retryBudget;
    this.resilience = resilience;
    this.waitForCapacity = waitForCapacity;
    this.hedger = executor == null ? null : new Hedger(chain, executor);
  }

  /**
   * Runs the call's plan until a target answers.
   *
   * @param state the call
   * @param plan its plan
   * @param request the request as it reached the attempt stage
   * @param action the provider operation
   * @param discard receives every successful outcome that will not be returned (a hedged attempt
   *     that answered after the other one won), exactly once, on whichever thread sees it last
   * @return the successful attempt
   */
  public <R> Success<R> run(
      CallState state,
      Plan plan,
      GatewayRequest request,
      Action<R> action,
      Consumer<Outcome<R>> discard) {
    Run run = new Run(state, plan, request, resilience);
    List<Plan.PlannedTarget> targets = plan.targets();
    int from = 0;
    Duration hedgeDelay = plan.hedgeDelay();
    if (hedgeDelay != null
        && hedger != null
        && state.info().kind() == CallInfo.Kind.CHAT
        && targets.size() >= 2
        && state.maxAttempts() >= 2) {
      Success<R> s = hedger.run(run, action, hedgeDelay, discard);
      if (s != null) {
        return s;
      }
      from = run.hedgeConsumed;
    }
    for (int i = from; i < targets.size() && !run.capReached; i++) {
      Success<R> s = tryTarget(run, targets.get(i), action);
      if (s != null) {
        return s;
      }
    }
    Success<R> s = waitForDeferred(run, action);
    if (s != null) {
      return s;
    }
    throw run.exhausted();
  }

  /** Waits for the earliest recovery and tries the deferred targets again, while worth it. */
  private <R> @Nullable Success<R> waitForDeferred(Run run, Action<R> action) {
    CallState state = run.state;
    // Waiting is worth it only if another attempt may follow: check the cap before any wait.
    while (!run.capReached() && !run.deferred.isEmpty() && waitForCapacity) {
      long earliest = run.capacity.earliestRecovery();
      long wait = earliest - resilience.now();
      if (earliest == Long.MAX_VALUE || wait >= state.remaining().toNanos()) {
        return null;
      }
      Duration pause = Duration.ofNanos(Math.max(0, wait));
      log.debug(
          "Call {}: every remaining target is out of capacity; waiting {} for the earliest recovery",
          state.info().id(),
          pause);
      if (!sleeper.sleep(pause, state.cancellation())) {
        throw run.cancelled(null);
      }
      if (resilience.now() < earliest) {
        // The clock did not move (a fake clock in a test): waiting again would not help.
        return null;
      }
      List<Plan.PlannedTarget> again = new ArrayList<>(run.deferred);
      run.deferred.clear();
      run.capacity.resetRecovery();
      for (Plan.PlannedTarget t : again) {
        if (run.capReached()) {
          break;
        }
        Success<R> s = tryTarget(run, t, action);
        if (s != null) {
          return s;
        }
      }
    }
    return null;
  }

  /** Tries one target until it answers (returned), or the call moves on (null), or fails. */
  private <R> @Nullable Success<R> tryTarget(Run run, Plan.PlannedTarget target, Action<R> action) {
    CallState state = run.state;
    if (skipsForContext(run, target)) {
      return null;
    }
    run.enter(target);
    KeyOrder keys = new KeyOrder(target.keys());
    int retries = 0;
    while (true) {
      if (run.capReached()) {
        log.debug(
            "Call {} for '{}' reached its {} attempt(s)",
            state.info().id(),
            state.info().model(),
            run.attempts.size());
        return null;
      }
      Duration remaining = state.remaining();
      if (remaining.isZero() || remaining.isNegative()) {
        throw run.deadlineExceeded(target.ref());
      }
      if (state.cancellation().isCancelled()) {
        throw run.cancelled(null);
      }
      Outcome<R> o =
          chain.attempt(
              run.attempt(target, keys.order(), state.cancellation(), remaining, false), action);
      if (o.refused()) {
        run.defer(target);
        log.debug(
            "Call {}: {} has no available key ({}); moving on",
            state.info().id(),
            target.ref(),
            run.capacity.lastBlock());
        return null;
      }
      if (o.local() != null) {
        throw o.rethrowLocal();
      }
      if (o.succeeded()) {
        return run.succeeded(o);
      }
      run.failed(o);
      ProviderException e = o.error();
      if (state.cancellation().isCancelled()) {
        throw run.cancelled(e);
      }
      switch (decide(run, o, keys, retries)) {
        case NEXT_KEY -> {}
        case RETRY -> {
          retries++;
          keys.clearTried();
        }
        case FALL_BACK -> {
          return null;
        }
        case STOP -> throw run.stop(e);
      }
    }
  }

  /** After {@code CONTEXT_LENGTH_EXCEEDED}, skips targets whose window is not larger. */
  private static boolean skipsForContext(Run run, Plan.PlannedTarget target) {
    int window = target.config().contextWindow();
    if (run.minContextWindow > 0 && window > 0 && window <= run.minContextWindow) {
      log.debug(
          "Call {}: skipping {}: its context window {} is not larger than the one exceeded",
          run.state.info().id(),
          target.ref(),
          window);
      return true;
    }
    return false;
  }

  /** Decides what follows a failed attempt (pausing first when it retries). */
  private Next decide(Run run, Outcome<?> o, KeyOrder keys, int retries) {
    CallState state = run.state;
    ProviderException e = o.error();
    AttemptContext a = o.attempt();
    Plan.PlannedTarget target = a.target();
    ErrorKind kind = e.kind();
    if (kind.nextKey()) {
      keys.tried(a.key());
      ProviderKey next = keys.peekAvailable(resilience, target);
      if (next != null) {
        log.debug(
            "Call {}: {} with key '{}' failed with {}; trying key '{}'",
            state.info().id(),
            target.ref(),
            a.key().id(),
            kind,
            next.id());
        return Next.NEXT_KEY;
      }
    } else {
      keys.stick(a.key());
    }
    if (retryAfterPause(run, e, target.ref(), retries)) {
      return Next.RETRY;
    }
    if (kind == ErrorKind.CONTEXT_LENGTH_EXCEEDED && target.config().contextWindow() > 0) {
      run.minContextWindow = Math.max(run.minContextWindow, target.config().contextWindow());
    }
    if (!run.fallsBack(e)) {
      log.debug(
          "Call {}: {} failed with {}, which does not fall back",
          state.info().id(),
          target.ref(),
          kind);
      return Next.STOP;
    }
    if (a.coolingUntil() != Long.MIN_VALUE) {
      // Rate limited: the target comes back when its key's cooldown ends.
      run.defer(target);
      run.capacity.cooling(
          a.coolingUntil(), "key '" + a.key().id() + "' of " + target.ref() + " rate limited");
    }
    log.debug("Call {}: {} failed with {}; falling back", state.info().id(), target.ref(), kind);
    run.fellBack(target.ref(), kind);
    return Next.FALL_BACK;
  }

  /** Whether the failure is retried on its target; pauses first when it is. */
  private boolean retryAfterPause(
      Run run, ProviderException e, dev.llmgateway.model.TargetRef target, int retries) {
    CallState state = run.state;
    boolean rateLimitWithoutHint = e.kind() == ErrorKind.RATE_LIMITED && e.retryAfter().isEmpty();
    if (!e.retryable()
        || rateLimitWithoutHint
        || retries >= retriesPerTarget
        || run.attempts.size() >= state.maxAttempts()) {
      return false;
    }
    Optional<Duration> retryAfter = e.retryAfter();
    Duration pause =
        retryAfter.isPresent() ? retryAfter.get() : backoff.delay(retries, state.jitter());
    Duration left = state.remaining();
    if (pause.compareTo(left) >= 0) {
      log.debug(
          "Call {}: not retrying {}: a pause of {} does not fit the {} left",
          state.info().id(),
          target,
          pause,
          left);
      return false;
    }
    if (!retryBudget.tryRetry(target)) {
      log.debug("Call {}: not retrying {}: its retry budget is spent", state.info().id(), target);
      return false;
    }
    log.debug(
        "Call {}: {} failed with {}; retrying in {}{}",
        state.info().id(),
        target,
        e.kind(),
        pause,
        retryAfter.isPresent() ? " (Retry-After)" : "");
    state.events().retryScheduled(state.info(), target, pause);
    if (!sleeper.sleep(pause, state.cancellation())) {
      throw run.cancelled(e);
    }
    return true;
  }
}
