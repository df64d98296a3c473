package dev.llmgateway.budget;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The budgets of a client and where they stand, from {@code GatewayClient#budgets()}.
 *
 * <pre>{@code
 * for (BudgetStatus s : client.budgets().status(BudgetScope.team("support"))) {
 *   System.out.println(s.budget() + ": " + s.spent() + " spent, " + s.remaining() + " left");
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Budgets {
  private final List<Budget> budgets;
  private final BudgetLedger ledger;
  private final Clock clock;

  /**
   * Creates the view.
   *
   * @param budgets the configured budgets
   * @param ledger their ledger
   * @param clock the clock that selects the current window
   */
  public Budgets(List<Budget> budgets, BudgetLedger ledger, Clock clock) {
    this.budgets = List.copyOf(budgets);
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * Every configured budget.
   *
   * @return the budgets, in configuration order
   */
  public List<Budget> all() {
    return budgets;
  }

  /**
   * The ledger holding the budgets' spend.
   *
   * @return the ledger
   */
  public BudgetLedger ledger() {
    return ledger;
  }

  /**
   * Where every budget of a scope stands in its current window.
   *
   * @param scope the scope
   * @return one status per budget of the scope (a scope may have a daily and a monthly budget);
   *     empty if it has none
   */
  public List<BudgetStatus> status(BudgetScope scope) {
    List<BudgetStatus> out = new ArrayList<>();
    for (Budget b : budgets) {
      if (b.scope().equals(scope)) {
        out.add(ledger.status(b, clock.instant()));
      }
    }
    return out;
  }
}
