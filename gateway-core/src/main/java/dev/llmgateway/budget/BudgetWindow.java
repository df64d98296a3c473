package dev.llmgateway.budget;

/** The period a budget's limit applies to; calendar windows start at midnight in the zone. */
public enum BudgetWindow {
  /** A calendar day in the ledger's zone. */
  DAILY,
  /** A calendar month in the ledger's zone. */
  MONTHLY,
  /** Forever: the limit is never renewed. */
  LIFETIME
}
