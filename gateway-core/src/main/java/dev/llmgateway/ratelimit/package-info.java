/**
 * Request and token quotas: {@link dev.llmgateway.ratelimit.QuotaScope} names whose calls a quota
 * counts, {@link dev.llmgateway.ratelimit.QuotaStore} keeps the sliding windows (in memory by
 * default; a shared store can implement it). Configured with {@link
 * dev.llmgateway.GatewayClient.Builder#quota}.
 */
@NullMarked
package dev.llmgateway.ratelimit;

import org.jspecify.annotations.NullMarked;
