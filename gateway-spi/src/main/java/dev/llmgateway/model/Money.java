package dev.llmgateway.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of US dollars, held as a whole number of nano-dollars (10<sup>-9</sup> USD) so that
 * sums are exact and cheap. {@link BigDecimal} only at the edges.
 *
 * <pre>{@code
 * Money price = Money.usd("0.15");           // $0.15
 * Money total = price.times(3).plus(Money.ofNanos(1));
 * BigDecimal dollars = total.toUsd();        // 0.450000001
 * }</pre>
 *
 * @param nanos the amount in nano-dollars; may be negative for differences
 */
public record Money(long nanos) implements Comparable<Money> {

  /** Zero dollars. */
  public static final Money ZERO = new Money(0);

  private static final int SCALE = 9;

  /**
   * An amount in nano-dollars.
   *
   * @param nanos the amount
   * @return the money
   */
  public static Money ofNanos(long nanos) {
    return nanos == 0 ? ZERO : new Money(nanos);
  }

  /**
   * An amount in dollars.
   *
   * @param usd the amount, with at most nine decimal places
   * @return the money
   * @throws IllegalArgumentException if the amount is null, has more than nine decimal places or
   *     does not fit in a {@code long} of nano-dollars
   */
  public static Money usd(BigDecimal usd) {
    if (usd == null) {
      throw new IllegalArgumentException("A dollar amount must not be null (Money.usd(null))");
    }
    try {
      return ofNanos(
          usd.setScale(SCALE, RoundingMode.UNNECESSARY).unscaledValue().longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "Money must have at most 9 decimal places and fit in nano-dollars, was $"
              + usd.toPlainString(),
          e);
    }
  }

  /**
   * An amount in dollars, given as decimal text such as {@code "0.15"}.
   *
   * @param usd the amount as text
   * @return the money
   * @throws IllegalArgumentException if the text is null or not a decimal number, or as {@link
   *     #usd(BigDecimal)}
   */
  public static Money usd(String usd) {
    if (usd == null) {
      throw new IllegalArgumentException("A dollar amount must not be null (Money.usd(null))");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(usd);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a dollar amount: '" + usd + "'", e);
    }
    return usd(value);
  }

  /**
   * The sum of this and another amount.
   *
   * @param other the amount to add
   * @return the sum
   * @throws ArithmeticException on overflow
   */
  public Money plus(Money other) {
    return ofNanos(Math.addExact(nanos, other.nanos));
  }

  /**
   * The difference of this and another amount.
   *
   * @param other the amount to subtract
   * @return the difference
   * @throws ArithmeticException on overflow
   */
  public Money minus(Money other) {
    return ofNanos(Math.subtractExact(nanos, other.nanos));
  }

  /**
   * This amount times a whole number.
   *
   * @param factor the factor
   * @return the product
   * @throws ArithmeticException on overflow
   */
  public Money times(long factor) {
    return ofNanos(Math.multiplyExact(nanos, factor));
  }

  /**
   * The amount in dollars.
   *
   * @return the amount with nine decimal places
   */
  public BigDecimal toUsd() {
    return BigDecimal.valueOf(nanos, SCALE);
  }

  /**
   * Whether the amount is zero.
   *
   * @return {@code true} for zero
   */
  public boolean isZero() {
    return nanos == 0;
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(nanos, other.nanos);
  }

  /** Returns the amount as {@code $0.000123400}, always with nine decimals. */
  @Override
  public String toString() {
    BigDecimal usd = toUsd();
    return usd.signum() < 0 ? "-$" + usd.negate().toPlainString() : "$" + usd.toPlainString();
  }
}
