package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.config.StoreSettings.FailurePolicy;
import dev.llmgateway.config.StoreSettings.Shared;
import dev.llmgateway.redis.RedisStoreListener;
import dev.llmgateway.redis.RedisStores;
import dev.llmgateway.spi.Secret;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** The snippets of docs/redis.md. */
final class RedisSnippets {
  private RedisSnippets() {}

  static GatewayClient shared(RedisStoreListener redisAlerts) {
    // snippet: redis-builder
    RedisStores redis =
        RedisStores.builder("rediss://redis.internal:6379/0")
            .password(Secret.env("REDIS_PASSWORD"))
            .failurePolicy(FailurePolicy.FAIL_LOCAL) // all stores
            .failurePolicy(Shared.BUDGETS, FailurePolicy.FAIL_CLOSED) // budgets: never overspend
            .listener(redisAlerts) // outages and recoveries
            .build();

    GatewayClient gateway =
        GatewayClient.builder()
            .budgetLedger(
                redis.ledger(GatewayClient.DEFAULT_BUDGET_ZONE)) // give the client's budgetZone
            .quotaStore(redis.quotas())
            .keyStateStore(redis.keyStates())
            .cache(c -> c.store(redis.cache(ResponseCache.inMemory(64L << 20))))
            // providers, aliases, budgets, quotas...
            .build();
    // on shutdown: gateway.close(); redis.close();
    // end snippet: redis-builder
    return gateway;
  }

  static void meters(RedisStores redis, MeterRegistry registry) {
    // snippet: redis-meters
    for (Shared s : Shared.values()) {
      FunctionCounter.builder("llm.gateway.redis.fallbacks", redis, r -> r.fallbacks(s))
          .tag("store", s.name().toLowerCase())
          .register(registry);
    }
    // end snippet: redis-meters
  }
}
