package dev.llmgateway.internal.config;

import dev.llmgateway.ratelimit.QuotaScope;

/**
 * One configured quota; a limit of 0 means none.
 *
 * @param scope whose calls it counts
 * @param requestsPerMinute calls per sliding minute, or 0
 * @param requestsPerDay calls per sliding day, or 0
 * @param tokensPerMinute tokens per sliding minute, or 0
 */
public record QuotaRule(
    QuotaScope scope, long requestsPerMinute, long requestsPerDay, long tokensPerMinute) {}
