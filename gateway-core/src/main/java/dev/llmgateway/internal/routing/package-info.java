/**
 * Planning a call: {@link dev.llmgateway.internal.routing.Router} resolves the requested model
 * (hook, rules, alias, provider/model, model rules, default alias) and expands it into an ordered
 * {@link dev.llmgateway.internal.routing.Plan} of targets with their key order; reads the live
 * state without changing it. {@link dev.llmgateway.internal.routing.RouteMemory} is what routing
 * remembers between calls (cache affinity, stored Responses answers): planning reads it, and the
 * plan's {@link dev.llmgateway.internal.routing.Landing} writes it once the call is answered.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.routing;

import org.jspecify.annotations.NullMarked;
