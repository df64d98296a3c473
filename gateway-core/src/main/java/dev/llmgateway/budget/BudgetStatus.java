package dev.llmgateway.budget;

import dev.llmgateway.internal.util.TextTable;
import dev.llmgateway.model.Money;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

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

  /**
   * This status as a small aligned table; see {@link #table(List)}.
   *
   * @return the table, lines separated by {@code \n}
   */
  @Override
  public String toString() {
    return table(List.of(this));
  }

  /**
   * Budgets' statuses as one small aligned table: the budget, when its window began ({@code -} for
   * lifetime budgets), its limit, what was spent, what calls in flight reserved, what remains, and
   * the share of the limit spent.
   *
   * <pre>
   * budget                         window start           limit   spent  reserved  remaining   used
   * team=support (MONTHLY 50 USD)  2026-12-01T00:00:00Z  $50.00  $12.50     $0.30     $37.20  25.0%
   * </pre>
   *
   * @param statuses the statuses, such as {@code client.budgets().status(scope)}
   * @return the table, lines separated by {@code \n}
   */
  public static String table(List<BudgetStatus> statuses) {
    TextTable t =
        TextTable.of("budget", "window start", "limit", "spent", "reserved", "remaining", "used")
            .alignRight(2, 3, 4, 5, 6);
    for (BudgetStatus s : statuses) {
      t.row(
          s.budget(),
          s.budget().window() == BudgetWindow.LIFETIME ? null : s.windowStart(),
          TextTable.usd(s.budget().limit()),
          TextTable.usd(s.spent()),
          TextTable.usd(s.reserved()),
          TextTable.usd(s.remaining()),
          String.format(
              Locale.ROOT, "%.1f%%", s.spent().nanos() * 100.0 / s.budget().limit().nanos()));
    }
    return t.render();
  }
}
