/**
 * Budgets: limits on spend per scope of the {@link dev.llmgateway.model.RequestContext} (or per
 * provider or model) and window, enforced by reserving each attempt's worst-case cost in a {@link
 * dev.llmgateway.budget.BudgetLedger} before it is sent and settling the actual cost after.
 */
@NullMarked
package dev.llmgateway.budget;

import org.jspecify.annotations.NullMarked;
