/**
 * Usage records and spend reports: one {@link dev.llmgateway.usage.UsageRecord} per call leaves the
 * request path through a bounded queue to the configured {@link dev.llmgateway.usage.UsageSink}s
 * (see {@link dev.llmgateway.usage.UsageSinks}); a {@link dev.llmgateway.usage.UsageReport} sums
 * them by tenant, team, feature, user, provider, model and day, from the JSON Lines files or from
 * an in-memory {@link dev.llmgateway.usage.UsageAggregator}.
 */
@NullMarked
package dev.llmgateway.usage;

import org.jspecify.annotations.NullMarked;
