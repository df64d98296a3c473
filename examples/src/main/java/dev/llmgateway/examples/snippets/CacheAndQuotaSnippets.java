package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.cache.CachePartition;
import dev.llmgateway.ratelimit.QuotaScope;
import java.time.Duration;

/** The snippets of docs/cache-and-quotas.md. */
final class CacheAndQuotaSnippets {
  private CacheAndQuotaSnippets() {}

  static GatewayClient.Builder cache() {
    return
    // snippet: cache-builder
    GatewayClient.builder()
        .cache(
            c ->
                c.maxBytes(64L << 20) // in-memory Caffeine store, by answer size
                    .defaultTtl(Duration.ofHours(1))
                    .partition(CachePartition.TENANT)) // TENANT (default), TEAM, FEATURE, GLOBAL
        .alias("faq", a -> a.target("openai", "gpt-4o-mini").cacheTtl(Duration.ofHours(6)))
    // end snippet: cache-builder
    ;
  }

  static GatewayClient.Builder quotas() {
    return
    // snippet: quota-builder
    GatewayClient.builder()
        .quota(
            q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(60).tokensPerMinute(100_000))
        .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerMinute(10).requestsPerDay(5_000))
        .quota(q -> q.scope(QuotaScope.global()).tokensPerMinute(2_000_000))
    // end snippet: quota-builder
    ;
  }
}
