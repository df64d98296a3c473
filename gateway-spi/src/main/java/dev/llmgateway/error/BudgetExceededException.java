package dev.llmgateway.error;

import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call was refused because admitting its worst-case cost would exceed a budget. Carries the
 * scope, the limit, the amounts already spent and reserved and, when the refusing code knew it, the
 * worst case the call needed, in US dollars. The client's message also says how that worst case was
 * computed (estimated input tokens and output tokens at the model's price) and how to lower it.
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

  /** The refused call's worst case, or null if unknown. */
  private final @Nullable BigDecimal requiredUsd;

  /**
   * Creates the exception with a message naming the budget and its amounts.
   *
   * @param scope the budget's scope, such as {@code team=support (monthly)}
   * @param limitUsd the budget's limit
   * @param spentUsd what was settled in the current window
   * @param reservedUsd what is reserved by calls still in flight
   */
  public BudgetExceededException(
      String scope, BigDecimal limitUsd, BigDecimal spentUsd, BigDecimal reservedUsd) {
    this(
        "Budget '"
            + scope
            + "' of $"
            + usd(limitUsd)
            + " would be exceeded: $"
            + usd(spentUsd)
            + " spent, $"
            + usd(reservedUsd)
            + " reserved",
        scope,
        limitUsd,
        spentUsd,
        reservedUsd,
        null,
        null);
  }

  /**
   * Creates the exception with a message of the caller's, such as one explaining the call's worst
   * case.
   *
   * @param message the whole message
   * @param scope the budget's scope, such as {@code team=support (monthly)}
   * @param limitUsd the budget's limit
   * @param spentUsd what was settled in the current window
   * @param reservedUsd what is reserved by calls still in flight
   * @param requiredUsd the refused call's worst case, or {@code null} if unknown
   * @param cause the underlying refusal (such as the ledger's), or {@code null}
   */
  public BudgetExceededException(
      String message,
      String scope,
      BigDecimal limitUsd,
      BigDecimal spentUsd,
      BigDecimal reservedUsd,
      @Nullable BigDecimal requiredUsd,
      @Nullable Throwable cause) {
    super(message, cause);
    this.scope = scope;
    this.limitUsd = limitUsd;
    this.spentUsd = spentUsd;
    this.reservedUsd = reservedUsd;
    this.requiredUsd = requiredUsd;
  }

  /** A dollar amount without trailing zeros, but with at least two decimals: 0.00, 0.000375. */
  private static String usd(BigDecimal usd) {
    BigDecimal s = usd.stripTrailingZeros();
    return (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
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

  /**
   * The refused call's worst-case cost, in US dollars, when the refusing code knew it (the client
   * does; a ledger alone does not).
   *
   * @return the worst case, or empty
   */
  public Optional<BigDecimal> requiredUsd() {
    return Optional.ofNullable(requiredUsd);
  }
}
