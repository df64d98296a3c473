package dev.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import dev.llmgateway.ratelimit.QuotaStore;
import dev.llmgateway.ratelimit.QuotaStore.Admission;
import dev.llmgateway.routing.KeyStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quota store, the key state store and the cache tier against a real server. */
class RedisStoresTest {
  private static RedisServer server;
  private RedisStores a;
  private RedisStores b;
  private static final Instant T0 = Instant.parse("2026-12-04T10:15:30Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void connect() {
    server.flush();
    a = RedisStores.builder(server.uri()).compressAboveBytes(256).maxValueBytes(64 * 1024).build();
    b = RedisStores.builder(server.uri()).build();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void aQuotaSharedByTwoInstancesHoldsAtTheWindowEdges() {
    QuotaStore one = a.quotas();
    QuotaStore two = b.quotas();
    assertThat(one.tryAcquire("tenant=acme", 3, MINUTE, 2, T0).granted()).isTrue();
    assertThat(two.tryAcquire("tenant=acme", 3, MINUTE, 1, T0.plusSeconds(20)).granted()).isTrue();

    Admission refused = two.tryAcquire("tenant=acme", 3, MINUTE, 1, T0.plusSeconds(30));
    assertThat(refused.granted()).isFalse();
    assertThat(refused.retryAt()).isEqualTo(T0.plus(MINUTE));
    Instant justBefore = T0.plus(MINUTE).minusNanos(1);
    assertThat(one.tryAcquire("tenant=acme", 3, MINUTE, 1, justBefore).granted()).isFalse();
    assertThat(one.tryAcquire("tenant=acme", 3, MINUTE, 2, T0.plus(MINUTE)).granted()).isTrue();
    assertThat(two.tryAcquire("tenant=acme", 3, MINUTE, 1, T0.plus(MINUTE)).granted()).isFalse();
    assertThat(two.tryAcquire("tenant=acme", 3, MINUTE, 1, T0.plusSeconds(80)).granted()).isTrue();
  }

  @Test
  void anAdjustmentGivesBackWhatACallDidNotUse() {
    QuotaStore one = a.quotas();
    Admission tokens = one.tryAcquire("tenant=acme|tokens", 1000, MINUTE, 800, T0);
    assertThat(one.tryAcquire("tenant=acme|tokens", 1000, MINUTE, 300, T0).granted()).isFalse();
    one.adjust("tenant=acme|tokens", tokens.entry(), 800, 100);
    assertThat(b.quotas().tryAcquire("tenant=acme|tokens", 1000, MINUTE, 900, T0).granted())
        .isTrue();
  }

  @Test
  void aBucketKeepsAtMostOneFieldPerSubBucket() {
    QuotaStore one = a.quotas();
    for (int i = 0; i < 5_000; i++) {
      one.tryAcquire("tenant=busy", 1_000_000, MINUTE, 1, T0.plusMillis(i * 50L));
    }
    String fields = server.command("HLEN llmgw:quota:tenant=busy");
    assertThat(Integer.parseInt(fields.substring(1))).isLessThanOrEqualTo(61 + 3);
    String ttl = server.command("PTTL llmgw:quota:tenant=busy");
    assertThat(Long.parseLong(ttl.substring(1))).isBetween(1L, 61_000L);
  }

  @Test
  void aCooldownAndADisabledKeySeenByOneInstanceReachTheOther() {
    KeyStateStore one = a.keyStates();
    KeyStateStore two = b.keyStates();
    long until = 5_000_000_000L;
    one.coolDown("openai", "k1", until);
    one.coolDown("openai", "k1", until - 1);
    await().atMost(Duration.ofSeconds(5)).until(() -> two.coolingUntil("openai", "k1") == until);

    assertThat(one.disable("openai/gpt-4o", "k2", "HTTP 403", 100)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> two.disabled("openai/gpt-4o", "k2") != null);
    assertThat(two.disabledReason("openai/gpt-4o", "k2")).isEqualTo("HTTP 403");
    assertThat(two.tryStartProbe("openai/gpt-4o", "k2", 200)).isTrue();
    assertThat(one.tryStartProbe("openai/gpt-4o", "k2", 200)).as("one trial of all").isFalse();
    assertThat(two.enable("openai/gpt-4o", "k2")).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> one.disabled("openai/gpt-4o", "k2") == null);

    try (RedisStores late = RedisStores.builder(server.uri()).build()) {
      assertThat(late.keyStates().coolingUntil("openai", "k1"))
          .as("a new instance loads what was published before it started")
          .isEqualTo(until);
    }
  }

  private static ChatResponse answer(String text) {
    return new ChatResponse(
        "resp-1",
        "openai",
        "gpt-4o-mini",
        List.of(new ContentPart.Text(text)),
        List.of(new ToolCall("call-1", "lookup", "{\"q\":\"x\"}")),
        FinishReason.STOP,
        new Usage(12, 7, 0, 0, 0),
        Cost.reported(Money.usd("0.000123")),
        new Route(
            "fast",
            new TargetRef("openai", "gpt-4o-mini"),
            "k1",
            List.of(),
            false,
            Duration.ofMillis(42)),
        null);
  }

  @Test
  void anAnswerWrittenByOneInstanceIsAHitForTheOtherAndFillsItsLocalTier() {
    ResponseCache localB = ResponseCache.inMemory(1 << 20);
    ResponseCache one = a.cache(ResponseCache.inMemory(1 << 20));
    ResponseCache two = b.cache(localB);
    String big = "word ".repeat(2_000);

    one.put("k-small", answer("hi"), Duration.ofMinutes(5));
    one.put("k-big", answer(big), Duration.ofMinutes(5));
    await().atMost(Duration.ofSeconds(5)).until(() -> two.get("k-big").isPresent());

    ChatResponse hit = two.get("k-small").orElseThrow();
    assertThat(hit.text()).isEqualTo("hi");
    assertThat(hit.toolCalls()).isEqualTo(answer("hi").toolCalls());
    assertThat(hit.usage()).isEqualTo(answer("hi").usage());
    assertThat(hit.cost()).isEqualTo(answer("hi").cost());
    assertThat(hit.route().target()).isEqualTo(new TargetRef("openai", "gpt-4o-mini"));
    assertThat(two.get("k-big").orElseThrow().text()).isEqualTo(big);
    assertThat(localB.get("k-small")).as("the hit filled the local tier").isPresent();
    String stored = server.command("STRLEN llmgw:cache:k-big");
    assertThat(Long.parseLong(stored.substring(1))).as("compressed").isLessThan(big.length() / 4);
    assertThat(two.get("k-other")).isEmpty();
  }

  @Test
  void anAnswerOverTheSizeBoundStaysLocal() {
    ResponseCache one = a.cache(ResponseCache.inMemory(8 << 20));
    StringBuilder noise = new StringBuilder();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 200_000; i++) {
      noise.append((char) ('a' + random.nextInt(26)));
    }
    one.put("k-huge", answer(noise.toString()), Duration.ofMinutes(5));
    one.put("k-marker", answer("after"), Duration.ofMinutes(5));
    ResponseCache two = b.cache(ResponseCache.inMemory(1 << 20));
    await().atMost(Duration.ofSeconds(5)).until(() -> two.get("k-marker").isPresent());
    assertThat(one.get("k-huge")).isPresent();
    assertThat(two.get("k-huge")).isEmpty();
  }
}
