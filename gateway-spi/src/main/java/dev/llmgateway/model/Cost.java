package dev.llmgateway.model;

/**
 * What a call cost, and how sure the gateway is of it.
 *
 * @param amount the amount; {@link Money#ZERO} when unknown
 * @param status whether the amount comes from the provider's reported usage, from an estimate, or
 *     is unknown because the model has no price
 */
public record Cost(Money amount, Status status) {

  /** The cost of a call whose model has no known price. */
  public static final Cost UNKNOWN = new Cost(Money.ZERO, Status.UNKNOWN);

  /** Where a cost comes from. */
  public enum Status {
    /** Computed from the token counts the provider reported and a known price. */
    REPORTED,
    /** Computed from estimated token counts (the provider reported none) and a known price. */
    ESTIMATED,
    /** The model has no known price. */
    UNKNOWN
  }

  /**
   * Validates the cost.
   *
   * @param amount the amount; {@link Money#ZERO} when unknown
   * @param status whether the amount comes from the provider's reported usage, from an estimate, or
   *     is unknown because the model has no price
   * @throws IllegalArgumentException if an unknown cost has a non-zero amount
   */
  public Cost {
    if (amount == null || status == null) {
      throw new IllegalArgumentException("amount and status must not be null");
    }
    if (status == Status.UNKNOWN && !amount.isZero()) {
      throw new IllegalArgumentException("an UNKNOWN cost must be zero, was " + amount);
    }
  }

  /**
   * A cost computed from reported usage.
   *
   * @param amount the amount
   * @return the cost
   */
  public static Cost reported(Money amount) {
    return new Cost(amount, Status.REPORTED);
  }

  /**
   * Whether the price of the model was known.
   *
   * @return {@code false} if the cost is {@link Status#UNKNOWN}
   */
  public boolean known() {
    return status != Status.UNKNOWN;
  }

  @Override
  public String toString() {
    return switch (status) {
      case REPORTED -> amount.toString();
      case ESTIMATED -> "~" + amount;
      case UNKNOWN -> "cost unknown";
    };
  }
}
