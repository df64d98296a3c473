package dev.llmgateway.internal.attempt;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Whether a hedged attempt's {@code attemptStart} fired, so that an attempt the call gives up (a
 * lost hedge, or one still running when the call ends) gets exactly one end event, never before its
 * start and none if it never started, whichever thread learns first. Thread-safe: the attempt's
 * thread calls {@link #begin} and {@link #started} around its start event; the call's thread calls
 * {@link #giveUp}.
 */
final class HedgeStart {
  private static final int NEW = 0;
  private static final int STARTING = 1;
  private static final int STARTED = 2;
  private static final int ABANDONED = 3;
  private static final int GIVEN_UP_WHILE_STARTING = 4;

  private final AtomicInteger phase = new AtomicInteger(NEW);
  private volatile @Nullable Runnable report;

  /**
   * The attempt's thread, before its start event.
   *
   * @return false if the call gave the attempt up before it started: it must not start
   */
  boolean begin() {
    return phase.compareAndSet(NEW, STARTING);
  }

  /**
   * The attempt's thread, right after its start event.
   *
   * @return false if the call gave the attempt up meanwhile: its end was reported here, and it must
   *     not go on
   */
  boolean started() {
    if (phase.compareAndSet(STARTING, STARTED)) {
      return true;
    }
    Runnable r = report;
    if (r != null) {
      r.run();
    }
    return false;
  }

  /**
   * The call's thread gives the attempt up: reports its end now if it started, leaves the report to
   * the attempt's thread if it is starting, reports nothing if it never started. Call at most once.
   *
   * @param end fires the attempt's end event
   */
  void giveUp(Runnable end) {
    this.report = end;
    while (true) {
      int p = phase.get();
      if (p == STARTED) {
        end.run();
        return;
      }
      if (p == ABANDONED || p == GIVEN_UP_WHILE_STARTING) {
        return;
      }
      int next = p == NEW ? ABANDONED : GIVEN_UP_WHILE_STARTING;
      if (phase.compareAndSet(p, next)) {
        return;
      }
    }
  }
}
