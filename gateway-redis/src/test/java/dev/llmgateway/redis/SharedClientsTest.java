package dev.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 3, 4 and 5: two app instances (two clients, each with its own {@link RedisStores} and
 * connection) share quotas, cached answers and key cooldowns through one Redis.
 */
class SharedClientsTest {
  private static RedisServer redis;
  private final FakeLlmServer llm = FakeLlmServer.start();
  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-04T10:00:00Z"));
  private final String key1 = "sk-" + "one-" + "x".repeat(24);
  private final String key2 = "sk-" + "two-" + "y".repeat(24);
  private RedisStores storesA;
  private RedisStores storesB;

  @BeforeAll
  static void startServer() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void connect() {
    redis.flush();
    storesA = RedisStores.builder(redis.uri()).build();
    storesB = RedisStores.builder(redis.uri()).build();
  }

  @AfterEach
  void close() {
    llm.close();
    storesA.close();
    storesB.close();
  }

  private GatewayClient instance(RedisStores stores, ResponseCache local) {
    return GatewayClient.builder()
        .provider(
            "openai",
            p ->
                p.type("openai")
                    .baseUrl(llm.baseUrl())
                    .key("k1", Secret.of(key1), 1000)
                    .key("k2", Secret.of(key2), 1))
        .alias("faq", a -> a.target("openai", "gpt-x").cacheTtl(Duration.ofMinutes(5)))
        .cache(c -> c.store(stores.cache(local)))
        .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(3))
        .quotaStore(stores.quotas())
        .keyStateStore(stores.keyStates())
        .clock(clock)
        .seed(42)
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .build();
  }

  private static ChatRequest ask(String model, String tenant, String text) {
    return ChatRequest.builder()
        .model(model)
        .user(text)
        .context(RequestContext.tenant(tenant))
        .build();
  }

  @Test
  void aQuotaSharedByTwoInstancesHoldsAtTheWindowEdges() {
    llm.respondByDefault(FakeResponse.text("ok"));
    try (GatewayClient a = instance(storesA, ResponseCache.inMemory(1 << 20));
        GatewayClient b = instance(storesB, ResponseCache.inMemory(1 << 20))) {
      a.chat(ask("openai/gpt-x", "acme", "one"));
      clock.advance(Duration.ofSeconds(10));
      b.chat(ask("openai/gpt-x", "acme", "two"));
      a.chat(ask("openai/gpt-x", "acme", "three"));
      clock.advance(Duration.ofSeconds(49));
      assertThatThrownBy(() -> b.chat(ask("openai/gpt-x", "acme", "four")))
          .isInstanceOf(QuotaExceededException.class);
      clock.advance(Duration.ofMillis(999));
      assertThatThrownBy(() -> a.chat(ask("openai/gpt-x", "acme", "five")))
          .as("one nanosecond... one millisecond before the first call's minute ends")
          .isInstanceOf(QuotaExceededException.class);
      clock.advance(Duration.ofMillis(1));
      b.chat(ask("openai/gpt-x", "acme", "six"));
      assertThatThrownBy(() -> a.chat(ask("openai/gpt-x", "acme", "seven")))
          .isInstanceOf(QuotaExceededException.class);
      a.chat(ask("openai/gpt-x", "other", "another tenant is not counted"));
      assertThat(llm.requestCount()).isEqualTo(5);
    }
  }

  @Test
  void anAnswerCachedByOneInstanceIsAHitForTheOtherOfTheSameTenantOnly() {
    llm.respondByDefault(FakeResponse.text("cached answer"));
    ResponseCache localB = ResponseCache.inMemory(1 << 20);
    try (GatewayClient a = instance(storesA, ResponseCache.inMemory(1 << 20));
        GatewayClient b = instance(storesB, localB)) {
      ChatResponse miss = a.chat(ask("faq", "acme", "what is a circuit breaker?"));
      assertThat(miss.route().cacheHit()).isFalse();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> "*1".equals(redis.command("KEYS llmgw:cache:*")));

      ChatResponse hit = b.chat(ask("faq", "acme", "what is a circuit breaker?"));
      assertThat(hit.route().cacheHit()).as("instance b's first call").isTrue();
      assertThat(llm.requestCount()).isEqualTo(1);
      redis.flush();
      assertThat(b.chat(ask("faq", "acme", "what is a circuit breaker?")).route().cacheHit())
          .as("the hit filled b's local tier")
          .isTrue();
      assertThat(hit.text()).isEqualTo("cached answer");
      ChatResponse otherTenant = b.chat(ask("faq", "globex", "what is a circuit breaker?"));
      assertThat(otherTenant.route().cacheHit()).isFalse();
      assertThat(llm.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void aRateLimitSeenByOneInstanceKeepsTheOtherOffThatKeyUntilItExpires() {
    llm.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(30)));
    llm.respondByDefault(FakeResponse.text("ok"));
    try (GatewayClient a = instance(storesA, ResponseCache.inMemory(1 << 20));
        GatewayClient b = instance(storesB, ResponseCache.inMemory(1 << 20))) {
      ChatResponse first = a.chat(ask("openai/gpt-x", "t1", "hello"));
      assertThat(first.route().keyId()).isEqualTo("k2");
      assertThat(llm.takeRequest().header("Authorization")).isEqualTo("Bearer " + key1);
      assertThat(llm.takeRequest().header("Authorization")).isEqualTo("Bearer " + key2);

      long until = storesA.keyStates().coolingUntil("openai", "k1");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> storesB.keyStates().coolingUntil("openai", "k1") == until);
      for (int i = 0; i < 3; i++) {
        ChatResponse r = b.chat(ask("openai/gpt-x", "t2", "hello " + i));
        assertThat(r.route().keyId()).isEqualTo("k2");
        RecordedCall call = llm.takeRequest();
        assertThat(call.header("Authorization")).isEqualTo("Bearer " + key2);
      }

      Instant expiry = Instant.ofEpochSecond(0, until);
      clock.advance(Duration.between(clock.instant(), expiry).plusMillis(1));
      ChatResponse after = b.chat(ask("openai/gpt-x", "t2", "after"));
      assertThat(after.route().keyId()).isEqualTo("k1");
      assertThat(llm.takeRequest().header("Authorization")).isEqualTo("Bearer " + key1);
    }
  }
}
