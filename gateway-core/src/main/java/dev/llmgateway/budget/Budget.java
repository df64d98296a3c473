package dev.llmgateway.budget;

import dev.llmgateway.model.Money;
import org.jspecify.annotations.Nullable;

/**
 * One budget: a limit on what the calls of a scope may spend in a window.
 *
 * @param scope which calls count
 * @param window the period the limit applies to
 * @param limit the most the scope may spend per window
 * @param alertPercent the share of the limit at which {@link
 *     dev.llmgateway.GatewayEventListener#budgetThresholdReached} fires, once per window; 0 for no
 *     alert
 * @param downgradeAlias the alias a refused call is sent to instead, or {@code null} to refuse it
 *     with {@link dev.llmgateway.error.BudgetExceededException}
 */
public record Budget(
    BudgetScope scope,
    BudgetWindow window,
    Money limit,
    int alertPercent,
    @Nullable String downgradeAlias) {

  /**
   * Validates the budget.
   *
   * @param scope which calls count
   * @param window the period the limit applies to
   * @param limit the most the scope may spend per window
   * @param alertPercent 0 (no alert) to 100
   * @param downgradeAlias the alias for refused calls, or {@code null}
   * @throws IllegalArgumentException naming the value if one is missing or out of range
   */
  public Budget {
    if (scope == null || window == null || limit == null) {
      throw new IllegalArgumentException("scope, window and limit must not be null");
    }
    if (limit.nanos() <= 0) {
      throw new IllegalArgumentException(
          "Budget " + scope + " limit must be positive, was " + limit);
    }
    if (alertPercent < 0 || alertPercent > 100) {
      throw new IllegalArgumentException(
          "Budget " + scope + " alertPercent must be 0..100, was " + alertPercent);
    }
    if (downgradeAlias != null && downgradeAlias.isBlank()) {
      throw new IllegalArgumentException("Budget " + scope + " downgrade alias must not be blank");
    }
  }

  /** Returns a description such as {@code team=support (MONTHLY $50)}. */
  @Override
  public String toString() {
    return scope
        + " ("
        + window
        + " "
        + limit.toUsd().stripTrailingZeros().toPlainString()
        + " USD)";
  }
}
