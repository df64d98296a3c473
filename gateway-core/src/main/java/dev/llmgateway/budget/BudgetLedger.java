package dev.llmgateway.budget;

import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Where budgets' spend and reservations live. The in-memory ledger serves one process; a shared
 * implementation (Redis) lets many instances enforce one budget.
 *
 * <p>Implementations are thread-safe, and {@link #reserve} is atomic over all the budgets it is
 * given: either every budget holds the amount, or none does. A budget's spend belongs to its scope
 * and window: a budget given again with another limit or alert (after a configuration reload) is
 * the same account, and its new limit applies to the running window.
 */
public interface BudgetLedger {

  /**
   * Reserves an amount in every budget, in the windows containing {@code now}.
   *
   * @param budgets the budgets that apply to the attempt; may be empty
   * @param amount the worst-case cost, zero or more
   * @param now the current time, which selects each budget's window
   * @return the reservation, to be ended exactly once
   * @throws BudgetExceededException for the first budget (in the given order) whose spent plus
   *     reserved plus the amount would exceed its limit; nothing is reserved then
   */
  Reservation reserve(List<Budget> budgets, Money amount, Instant now);

  /**
   * Where a budget stands in the window containing {@code now}.
   *
   * @param budget the budget
   * @param now the current time
   * @return the status
   */
  BudgetStatus status(Budget budget, Instant now);

  /**
   * A ledger in this process's memory, guarded by one lock; calendar windows start at midnight in
   * the zone. Windows that have ended are dropped when a later window of the same budget is used.
   *
   * @param zone the zone of daily and monthly windows
   * @return a new, empty ledger
   */
  static BudgetLedger inMemory(ZoneId zone) {
    return new InMemoryBudgetLedger(zone);
  }
}
