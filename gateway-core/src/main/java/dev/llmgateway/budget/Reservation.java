package dev.llmgateway.budget;

import dev.llmgateway.model.Money;
import java.util.List;

/**
 * A permit for one attempt's worst-case cost, held in every budget that applies to it. It ends
 * exactly once: {@link #settle} with the actual cost, or {@link #release} when the attempt failed
 * or was cancelled. Only the first end counts; later calls do nothing and return {@code false} or
 * an empty list, so a cleanup path may release defensively.
 *
 * <p>Thread-safe.
 */
public interface Reservation {

  /**
   * The reserved amount.
   *
   * @return the worst-case cost held in each budget
   */
  Money amount();

  /**
   * Ends the reservation with the actual cost: the reserved amount is freed and the cost is added
   * to each budget's spend in the window the reservation was made in (even if it is more than was
   * reserved: it was spent).
   *
   * @param actual the actual cost, zero or more
   * @return the budgets whose alert threshold this settlement crossed for the first time in their
   *     window; empty if none, or if the reservation had already ended
   * @throws IllegalArgumentException if the cost is negative
   */
  List<BudgetStatus> settle(Money actual);

  /**
   * Ends the reservation without cost.
   *
   * @return {@code true} if this call ended it
   */
  boolean release();
}
