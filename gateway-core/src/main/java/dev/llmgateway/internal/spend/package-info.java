/**
 * Prices, estimates and budgets of one call: {@link dev.llmgateway.internal.spend.Spend} reserves,
 * settles and releases in the budget ledger; {@link dev.llmgateway.internal.spend.Charge} is what a
 * provider answer charged; prompt estimates are computed once per call and tokenizer.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.spend;

import org.jspecify.annotations.NullMarked;
