package dev.llmgateway.internal;

import dev.llmgateway.model.Cost;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import org.jspecify.annotations.Nullable;

/**
 * What a committed stream that ended before its proper end (closed early, cancelled, broken by the
 * provider, abandoned) charged its budgets, with the route facts known at that moment, so that its
 * usage record says what the budgets were charged.
 *
 * @param target the target the stream was committed to
 * @param keyId the id of the key used (never the key), or {@code null}
 * @param attempts the provider attempts made, the committed one included
 * @param usage the token counts the charge was computed from: reported so far, or estimated
 * @param cost the settled cost ({@link Cost#UNKNOWN} when the model has no price)
 */
record StreamCharge(
    TargetRef target, @Nullable String keyId, int attempts, Usage usage, Cost cost) {}
