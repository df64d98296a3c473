package dev.llmgateway.internal.attempt;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.spi.Cancellation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hedging (plain chat, alias opt-in): the primary attempt runs on the executor; if it has not
 * answered after the hedge delay, the plan's second target runs too; the first success wins and the
 * other attempt is cancelled through its own {@link Cancellation} (its permit released, its answer,
 * if it still comes, discarded and settled). Both run through the same {@link AttemptChain#attempt}
 * as every other attempt, and a failure goes through the same fallback check ({@link
 * Run#fallsBack}). Targets tried in the hedge are not retried.
 */
final class Hedger {
  private static final Logger log = LoggerFactory.getLogger(Hedger.class);

  private final AttemptChain chain;
  private final Executor executor;

  Hedger(AttemptChain chain, Executor executor) {
    this.chain = chain;
    this.executor = executor;
  }

  /** The two hedged attempts of one call, as the call's thread sees them. */
  private static final class Pair<R> {
    final BlockingQueue<Outcome<R>> done = new LinkedBlockingQueue<>();
    final AtomicBoolean abandoned = new AtomicBoolean();
    final Consumer<Outcome<R>> discard;
    final Cancellation[] cancels = new Cancellation[2];
    final AttemptContext[] attempts = new AttemptContext[2];
    final boolean[] finished = new boolean[2];
    long since;

    Pair(Consumer<Outcome<R>> discard) {
      this.discard = discard;
    }

    int index(Plan plan, Outcome<R> o) {
      return o.attempt().target() == plan.targets().get(0) ? 0 : 1;
    }

    boolean pending(int i) {
      return cancels[i] != null && !finished[i];
    }

    /** Cancels the attempts still running; each that started gets its end event. */
    void cancelPending(Run run) {
      for (int i = 0; i < 2; i++) {
        if (pending(i)) {
          cancels[i].cancel();
          finished[i] = true;
          given(run, attempts[i], "the call ended first", since);
        }
      }
    }
  }

  /**
   * Runs the hedge; returns the winner, or null when the call goes on without hedging (the primary
   * failed with a fallback kind before the delay, or could not start) or after both failed.
   */
  <R> @Nullable Success<R> run(
      Run run, Action<R> action, Duration delay, Consumer<Outcome<R>> discard) {
    Pair<R> pair = new Pair<>(discard);
    try {
      return hedge(run, action, delay, pair);
    } catch (RuntimeException | Error e) {
      pair.cancelPending(run);
      throw e;
    } finally {
      // Whatever arrives from now on is nobody's: the task that adds it drains it too.
      pair.abandoned.set(true);
      drain(pair.done, pair.discard);
    }
  }

  private <R> @Nullable Success<R> hedge(Run run, Action<R> action, Duration delay, Pair<R> pair) {
    CallState state = run.state;
    long hedgeStart = state.ticker().read();
    pair.since = hedgeStart;
    if (!launch(run, action, pair, 0)) {
      return null;
    }
    Duration left = state.remaining();
    Outcome<R> first = poll(run, pair.done, delay.compareTo(left) < 0 ? delay : left);
    if (first != null) {
      // The primary ended before the hedge delay: go on without hedging.
      pair.finished[0] = true;
      run.hedgeConsumed = 1;
      return primaryAlone(run, first);
    }
    state
        .events()
        .hedgeStarted(
            state.info(),
            run.plan.targets().get(1).ref(),
            Duration.ofNanos(state.ticker().read() - hedgeStart));
    launch(run, action, pair, 1);
    return firstSuccess(run, pair, hedgeStart);
  }

  /** Starts attempt {@code i}; false if the executor refused it. */
  private <R> boolean launch(Run run, Action<R> action, Pair<R> pair, int i) {
    CallState state = run.state;
    Plan.PlannedTarget t = run.plan.targets().get(i);
    run.hedgeConsumed = i + 1;
    Duration remaining = state.remaining();
    if (remaining.isZero() || remaining.isNegative()) {
      throw run.deadlineExceeded(t.ref());
    }
    Cancellation child = new Cancellation();
    state.cancellation().onCancel(child::cancel);
    AttemptContext a = run.attempt(t, t.keys(), child, remaining, true);
    pair.cancels[i] = child;
    pair.attempts[i] = a;
    try {
      executor.execute(
          () -> {
            pair.done.add(chain.attempt(a, action));
            if (pair.abandoned.get()) {
              drain(pair.done, pair.discard);
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      pair.cancels[i] = null;
      run.hedgeConsumed = i;
      log.debug("Call {}: executor refused a hedged attempt; not hedging", state.info().id());
      return false;
    }
  }

  /** The primary ended alone before the delay: its success, or null to go on, or its failure. */
  private static <R> @Nullable Success<R> primaryAlone(Run run, Outcome<R> o) {
    if (o.local() != null) {
      throw o.rethrowLocal();
    }
    if (o.refused()) {
      run.defer(o.attempt().target());
      return null;
    }
    if (o.succeeded()) {
      return run.succeeded(o);
    }
    run.failed(o);
    if (!run.fallsBack(o.error())) {
      throw run.stop(o.error());
    }
    return null;
  }

  /** Waits for the first success among the launched attempts; null if none succeeded. */
  private static <R> @Nullable Success<R> firstSuccess(Run run, Pair<R> pair, long hedgeStart) {
    CallState state = run.state;
    while (pair.pending(0) || pair.pending(1)) {
      Outcome<R> o = poll(run, pair.done, state.remaining());
      if (o == null) {
        throw run.deadlineExceeded(run.plan.targets().get(0).ref());
      }
      int index = pair.index(run.plan, o);
      pair.finished[index] = true;
      if (o.local() != null) {
        throw o.rethrowLocal();
      }
      if (o.refused()) {
        run.defer(o.attempt().target());
        continue;
      }
      if (o.succeeded()) {
        Success<R> s = run.succeeded(o);
        int other = 1 - index;
        if (!pair.pending(other)) {
          return s;
        }
        pair.cancels[other].cancel();
        pair.finished[other] = true;
        return s.withLost(lost(run, pair.attempts[other], o, hedgeStart));
      }
      run.failed(o);
      if (state.cancellation().isCancelled()) {
        throw run.cancelled(o.error());
      }
      if (!run.fallsBack(o.error())) {
        pair.cancelPending(run);
        throw run.stop(o.error());
      }
    }
    return null;
  }

  /**
   * The record of the attempt that lost the hedge, cancelled when the other answered; its end event
   * fires if (once) it started.
   */
  private static Attempt lost(Run run, AttemptContext loser, Outcome<?> winner, long hedgeStart) {
    return given(
        run,
        loser,
        "the hedged attempt on " + winner.attempt().target().ref() + " answered first",
        hedgeStart);
  }

  /**
   * Gives up a running hedged attempt (see {@link HedgeStart}): its end event fires if (once) it
   * started; returns its record.
   */
  private static Attempt given(Run run, AttemptContext given, String why, long since) {
    CallState state = run.state;
    Plan.PlannedTarget t = given.target();
    ProviderException cancelled =
        new ProviderException(
            ErrorKind.TIMEOUT, t.ref().provider(), t.ref().model(), "Cancelled: " + why, null);
    Attempt a =
        new Attempt(
            t.ref(),
            keyIdOf(given),
            ErrorKind.TIMEOUT,
            cancelled.getMessage(),
            Duration.ofNanos(Math.max(0, state.ticker().read() - since)));
    HedgeStart start = given.hedgeStart();
    if (start != null) {
      start.giveUp(() -> state.events().attemptFailed(state.info(), a, cancelled));
    }
    return a;
  }

  /** The key a hedged attempt took, or its target's first key if it had not chosen one yet. */
  private static String keyIdOf(AttemptContext a) {
    dev.llmgateway.spi.ProviderKey k = a.keyOrNull();
    if (k != null) {
      return k.id();
    }
    List<dev.llmgateway.spi.ProviderKey> keys = a.target().keys();
    return keys.isEmpty() ? "none" : keys.get(0).id();
  }

  private static <R> void drain(BlockingQueue<Outcome<R>> done, Consumer<Outcome<R>> discard) {
    for (Outcome<R> o = done.poll(); o != null; o = done.poll()) {
      if (o.succeeded()) {
        try {
          discard.accept(o);
        } catch (RuntimeException e) {
          log.warn("Discarding a hedged answer failed", e);
        }
      }
    }
  }

  private static <R> @Nullable Outcome<R> poll(
      Run run, BlockingQueue<Outcome<R>> queue, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      return queue.poll();
    }
    try {
      return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.state.cancellation().cancel();
      throw run.cancelled(e);
    }
  }
}
