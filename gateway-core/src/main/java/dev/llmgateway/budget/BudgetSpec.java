package dev.llmgateway.budget;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.Money;
import org.jspecify.annotations.Nullable;

/**
 * Configures one budget inside {@code GatewayClient.Builder#budget}. Every setter checks its
 * argument at once and throws {@link ConfigurationException} with the value given.
 *
 * <pre>{@code
 * .budget(b -> b.scope(BudgetScope.team("support")).monthly(Money.usd("50")).alertAt(80))
 * .budget(b -> b.scope(BudgetScope.user("u-1")).daily(Money.usd("1")).downgradeTo("cheap"))
 * }</pre>
 *
 * <p>Not thread-safe; used only while the builder runs its configurer.
 */
public final class BudgetSpec {
  /** The alert threshold of a budget configured without one: 0 (no alert). */
  public static final int DEFAULT_ALERT_PERCENT = 0;

  private BudgetScope scope = BudgetScope.global();
  private @Nullable BudgetWindow window;
  private @Nullable Money limit;
  private int alertPercent = DEFAULT_ALERT_PERCENT;
  private @Nullable String downgradeAlias;

  /** Creates an empty spec; the builder calls this. */
  public BudgetSpec() {}

  /**
   * Sets which calls count. Defaults to {@link BudgetScope#global()}.
   *
   * @param scope the scope
   * @return this spec
   * @throws ConfigurationException if null
   */
  public BudgetSpec scope(BudgetScope scope) {
    if (scope == null) {
      throw new ConfigurationException("Budget scope must not be null");
    }
    this.scope = scope;
    return this;
  }

  /**
   * Limits spend per calendar day. One of {@code daily}, {@code monthly} and {@code lifetime} is
   * required.
   *
   * @param limit the limit, positive
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public BudgetSpec daily(Money limit) {
    return limit(BudgetWindow.DAILY, limit);
  }

  /**
   * Limits spend per calendar month.
   *
   * @param limit the limit, positive
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public BudgetSpec monthly(Money limit) {
    return limit(BudgetWindow.MONTHLY, limit);
  }

  /**
   * Limits spend forever.
   *
   * @param limit the limit, positive
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public BudgetSpec lifetime(Money limit) {
    return limit(BudgetWindow.LIFETIME, limit);
  }

  private BudgetSpec limit(BudgetWindow w, Money l) {
    if (l == null || l.nanos() <= 0) {
      throw new ConfigurationException(
          "Budget " + scope + " " + w + " limit must be positive, was " + l);
    }
    this.window = w;
    this.limit = l;
    return this;
  }

  /**
   * Fires {@code GatewayEventListener.budgetThresholdReached} once per window when settled spend
   * reaches this share of the limit. Defaults to {@value #DEFAULT_ALERT_PERCENT} (no alert).
   *
   * @param percent 1..100
   * @return this spec
   * @throws ConfigurationException if out of range
   */
  public BudgetSpec alertAt(int percent) {
    if (percent < 1 || percent > 100) {
      throw new ConfigurationException(
          "Budget " + scope + " alert percent must be 1..100, was " + percent);
    }
    this.alertPercent = percent;
    return this;
  }

  /**
   * Sends a call this budget would refuse to another (cheaper) alias instead, once. Defaults to
   * none: the call fails with {@link dev.llmgateway.error.BudgetExceededException}.
   *
   * @param alias the alias, checked by {@code build()}
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public BudgetSpec downgradeTo(String alias) {
    if (alias == null || alias.isBlank()) {
      throw new ConfigurationException(
          "Budget " + scope + " downgrade alias must not be blank, was " + alias);
    }
    this.downgradeAlias = alias;
    return this;
  }

  /**
   * The configured budget.
   *
   * @return the budget
   * @throws ConfigurationException if no limit was set
   */
  public Budget toBudget() {
    if (window == null || limit == null) {
      throw new ConfigurationException(
          "Budget " + scope + " needs a limit: call daily(..), monthly(..) or lifetime(..)");
    }
    return new Budget(scope, window, limit, alertPercent, downgradeAlias);
  }
}
