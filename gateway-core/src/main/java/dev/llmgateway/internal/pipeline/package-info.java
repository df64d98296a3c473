/**
 * The call tier: {@link dev.llmgateway.internal.pipeline.CallPipeline} assembles the interceptor
 * chain each call runs once (validate, user interceptors, quota, cache, budget downgrade, route,
 * attempt stage), and {@link dev.llmgateway.internal.pipeline.RealInterceptorChain} runs it.
 *
 * <p>Not API: not exported from the module; anything here may change in any release.
 */
@NullMarked
package dev.llmgateway.internal.pipeline;

import org.jspecify.annotations.NullMarked;
