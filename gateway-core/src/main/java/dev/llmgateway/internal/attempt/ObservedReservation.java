package dev.llmgateway.internal.attempt;

import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A reservation that reports its end to the call's listener: {@code budgetSettled} or {@code
 * budgetReleased}, exactly once, whichever end comes first (later ends do nothing, as for any
 * reservation). Made only when a budget applies.
 */
final class ObservedReservation implements Reservation {
  private final Reservation delegate;
  private final CallState state;
  private final TargetRef target;
  private final AtomicBoolean ended = new AtomicBoolean();

  ObservedReservation(Reservation delegate, CallState state, TargetRef target) {
    this.delegate = delegate;
    this.state = state;
    this.target = target;
  }

  @Override
  public Money amount() {
    return delegate.amount();
  }

  @Override
  public List<BudgetStatus> settle(Money actual) {
    List<BudgetStatus> alerts = delegate.settle(actual);
    if (ended.compareAndSet(false, true)) {
      state.events().budgetSettled(state.info(), target, delegate.amount(), actual);
    }
    return alerts;
  }

  @Override
  public boolean release() {
    boolean released = delegate.release();
    if (ended.compareAndSet(false, true)) {
      state.events().budgetReleased(state.info(), target, delegate.amount());
    }
    return released;
  }
}
