/**
 * What the stages and steps of one call share ({@link dev.llmgateway.internal.call.CallState}): its
 * identity, deadline, attempt cap, cancellation, plan, charges and prompt estimates. Below the call
 * tier and the attempt tier, which both read it.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.call;

import org.jspecify.annotations.NullMarked;
