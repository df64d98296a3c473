package dev.llmgateway.pricing;

/**
 * What a call to a model without a known price does when at least one budget applies to it. Calls
 * that no budget applies to always go ahead, with {@link dev.llmgateway.model.Cost#UNKNOWN}.
 */
public enum UnknownPricePolicy {
  /** The call goes ahead; it reserves and settles nothing, and its cost is unknown. */
  ALLOW,
  /**
   * The call is refused with a {@link dev.llmgateway.error.BudgetExceededException} naming the
   * budget, because the budget cannot be enforced for it.
   */
  REJECT
}
