package dev.llmgateway.error;

import java.math.BigDecimal;

/**
 * A call was refused because admitting its worst-case cost would exceed a budget. Carries the
 * scope, the limit and the amounts already spent and reserved, in US dollars.
 */
public class BudgetExceededException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The budget's or quota's scope. */
  private final String scope;

  /** The budget's limit in US dollars. */
  private final BigDecimal limitUsd;

  /** What was settled in the current window. */
  private final BigDecimal spentUsd;

  /** What calls in flight have reserved. */
  private final BigDecimal reservedUsd;

  /**
   * Creates the exception.
   *
   * @param scope the budget's scope, such as {@code team=support (monthly)}
   * @param limitUsd the budget's limit
   * @param spentUsd what was settled in the current window
   * @param reservedUsd what is reserved by calls still in flight
   */
  public BudgetExceededException(
      String scope, BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal reservedUsd) {
    super(
        "Budget '"
            + scope
            + "' of $"
            + limitUsd.toPlainString()
            + " would be exceeded: $"
            + spentUsd.toPlainString()
            + " spent, $"
            + reservedUsd.toPlainString()
            + " reserved");
    this.scope = scope;
    this.limitUsd = limitUsd;
    this.spentUsd = spentUsd;
    this.reservedUsd = reservedUsd;
  }

  /**
   * The budget's scope.
   *
   * @return a description such as {@code team=support (monthly)}
   */
  public String scope() {
    return scope;
  }

  /**
   * The budget's limit in US dollars.
   *
   * @return the limit
   */
  public BigDecimal limitUsd() {
    return limitUsd;
  }

  /**
   * What was settled in the current window, in US dollars.
   *
   * @return the settled spend
   */
  public BigDecimal spentUsd() {
    return spentUsd;
  }

  /**
   * What calls still in flight have reserved, in US dollars.
   *
   * @return the reserved amount
   */
  public BigDecimal reservedUsd() {
    return reservedUsd;
  }
}
