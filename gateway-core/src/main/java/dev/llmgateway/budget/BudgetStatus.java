package dev.llmgateway.budget;

import dev.llmgateway.model.Money;
import java.time.Instant;

/**
 * Where a budget stands in its current window.
 *
 * @param budget the budget
 * @param windowStart when the window began ({@link Instant#EPOCH} for lifetime budgets)
 * @param spent what settled calls spent in the window
 * @param reserved what calls in flight have reserved
 * @param remaining the limit minus spent and reserved, never below zero
 */
public record BudgetStatus(
    Budget budget, Instant windowStart, Money spent, Money reserved, Money remaining) {

  /**
   * Checks the parts.
   *
   * @param budget the budget
   * @param windowStart when the window began
   * @param spent what settled calls spent
   * @param reserved what calls in flight reserved
   * @param remaining what is left
   * @throws IllegalArgumentException if a part is null
   */
  public BudgetStatus {
    if (budget == null
        || windowStart == null
        || spent == null
        || reserved == null
        || remaining == null) {
      throw new IllegalArgumentException("status parts must not be null");
    }
  }
}
