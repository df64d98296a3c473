/**
 * Small helpers without policy (saturating time arithmetic, tickers, sleeping, executors, weighted
 * shuffles, text tables, safe listeners). Any package may use them; they use none of the others.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.util;

import org.jspecify.annotations.NullMarked;
