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
 * <p>Implementations are thread-safe, and {@link #reserve} is all-or-nothing over the budgets it is
 * given: when it returns every budget holds the amount, when it throws none does, and no budget is
 * ever exceeded by reservations. While a reservation is being refused, a concurrent one may see
 * part of it (the in-memory ledger raises budgets one after the other and takes the raises back),
 * which can only make that one refuse too, at the limit's edge. A budget's spend belongs to its
 * scope and window: a budget given again with another limit or alert (after a configuration reload)
 * is the same account, and its new limit applies to the running window.
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
   * A ledger in this process's memory, without a lock (compare-and-set on one counter per budget
   * and window); calendar windows start at midnight in the zone. Windows that have ended are
   * dropped when a later window of the same budget is used.
   *
   * @param zone the zone of daily and monthly windows
   * @return a new, empty ledger
   */
  static BudgetLedger inMemory(ZoneId zone) {
    return new InMemoryBudgetLedger(zone);
  }
}
