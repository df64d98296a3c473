package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.cache.CachePartition;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.CachePolicy;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.model.Usage;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.usage.UsageRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CacheTest {
  private static final String MODEL = "faq";

  private final ScriptedProvider p = new ScriptedProvider("p");
  private final RecordingListener listener = new RecordingListener();
  private final List<Cost> saved = new CopyOnWriteArrayList<>();

  private GatewayClient.Builder builder() {
    return TestSupport.builder(p)
        .eventListener(listener)
        .eventListener(
            new GatewayEventListener() {
              @Override
              public void cacheHit(CallInfo call, Cost savedCost) {
                saved.add(savedCost);
              }
            })
        .cache(c -> {})
        .alias(MODEL, a -> a.target("p", "m").cacheTtl(Duration.ofMinutes(10)));
  }

  private static ChatRequest.Builder ask(String tenant) {
    return ChatRequest.builder()
        .model(MODEL)
        .user("What is a circuit breaker?")
        .context(RequestContext.tenant(tenant));
  }

  @Test
  void secondIdenticalCallIsAHitThatCostsNothing() {
    try (GatewayClient gateway = builder().build()) {
      ChatResponse first = gateway.chat(ask("acme").build());
      ChatResponse second = gateway.chat(ask("acme").build());

      assertThat(p.calls).hasSize(1);
      assertThat(first.route().cacheHit()).isFalse();
      assertThat(second.route().cacheHit()).isTrue();
      assertThat(second.route().attempts()).isEmpty();
      assertThat(second.route().keyId()).isNull();
      assertThat(second.route().target()).isEqualTo(first.route().target());
      assertThat(second.route().alias()).isEqualTo(MODEL);
      assertThat(second.text()).isEqualTo(first.text());
      assertThat(second.usage()).isEqualTo(first.usage());
      assertThat(second.cost()).isEqualTo(Cost.reported(Money.ZERO));
      assertThat(saved).containsExactly(first.cost());
      assertThat(listener.events).contains("callEnd p/m");
    }
  }

  @Test
  void aHitIsRecordedWithNoTokensNoCostAndTheCostItSaved() {
    CollectingSink sink = new CollectingSink();
    GatewayClient gateway =
        builder()
            .prices(pr -> pr.model("scripted", "m", Money.usd("1"), Money.usd("2")))
            .usage(u -> u.sink(sink))
            .build();
    ChatResponse first;
    try (gateway) {
      first = gateway.chat(ask("acme").build());
      gateway.chat(ask("acme").build());
    }

    assertThat(first.cost().known()).isTrue();
    assertThat(first.cost().amount().isZero()).isFalse();
    assertThat(sink.records).hasSize(2);
    UsageRecord miss = sink.records.get(0);
    UsageRecord hit = sink.records.get(1);
    assertThat(miss.cacheHit()).isFalse();
    assertThat(miss.usage()).isEqualTo(first.usage());
    assertThat(miss.savedCost()).isEqualTo(Money.ZERO);
    assertThat(hit.cacheHit()).isTrue();
    assertThat(hit.usage()).isEqualTo(Usage.ZERO);
    assertThat(hit.cost()).isEqualTo(Cost.reported(Money.ZERO));
    assertThat(hit.savedCost()).isEqualTo(first.cost().amount());
  }

  @Test
  void asyncCallsUseTheCacheToo() throws Exception {
    try (GatewayClient gateway = builder().build()) {
      gateway.chatAsync(ask("acme").build()).get(10, TimeUnit.SECONDS);
      ChatResponse second = gateway.chatAsync(ask("acme").build()).get(10, TimeUnit.SECONDS);
      assertThat(second.route().cacheHit()).isTrue();
      assertThat(p.calls).hasSize(1);
    }
  }

  @Test
  void hitCountsAsARequestButUsesNoTokensOfAQuota() {
    try (GatewayClient gateway =
        builder()
            .tokenEstimator(QuarterTokenEstimator.INSTANCE)
            .quota(
                q ->
                    q.scope(dev.llmgateway.ratelimit.QuotaScope.tenant("acme"))
                        .requestsPerMinute(3)
                        .tokensPerMinute(45))
            .build()) {
      // Each call reserves 7 + 20 = 27 tokens; the miss settles to 15 (usage 10 + 5).
      gateway.chat(ask("acme").maxTokens(20).build()); // window: 15
      gateway.chat(ask("acme").maxTokens(20).build()); // hit: 15 + 27 fits, settles to 0
      gateway.chat(ask("acme").maxTokens(20).build()); // 15 + 27 fits only if the hit used none
      assertThatThrownBy(() -> gateway.chat(ask("acme").maxTokens(20).build()))
          .isInstanceOf(dev.llmgateway.error.QuotaExceededException.class)
          .hasMessageContaining("3 requests/minute");
      assertThat(p.calls).hasSize(1);
    }
  }

  @Test
  void differentRequestsMiss() {
    try (GatewayClient gateway = builder().build()) {
      gateway.chat(ask("acme").build());
      gateway.chat(ask("acme").temperature(0.0).build());
      gateway.chat(ask("acme").seed(7).build());
      gateway.chat(ask("acme").maxTokens(100).build());
      gateway.chat(ask("acme").system("Be brief.").build());

      assertThat(p.calls).hasSize(5);
      assertThat(saved).isEmpty();
    }
  }

  @Test
  void entryExpiresExactlyAtItsTtl() {
    FakeClock clock = new FakeClock();
    try (GatewayClient gateway = builder().clock(clock).build()) {
      gateway.chat(ask("acme").build());
      clock.advance(Duration.ofMinutes(10).minusNanos(1));
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isTrue();
      clock.advance(Duration.ofNanos(1));
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isFalse();
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void requestTtlOverridesTheAliasTtl() {
    FakeClock clock = new FakeClock();
    try (GatewayClient gateway = builder().clock(clock).build()) {
      ChatRequest shortLived =
          ask("acme").cachePolicy(CachePolicy.ttl(Duration.ofSeconds(5))).build();
      gateway.chat(shortLived);
      clock.advance(Duration.ofSeconds(5));
      assertThat(gateway.chat(shortLived).route().cacheHit()).isFalse();
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void requestCanOptOut() {
    try (GatewayClient gateway = builder().build()) {
      ChatRequest noCache = ask("acme").cachePolicy(CachePolicy.NO_CACHE).build();
      gateway.chat(noCache);
      assertThat(gateway.chat(noCache).route().cacheHit()).isFalse();
      // Nothing was written either: the next default call is a miss, the one after a hit.
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isFalse();
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isTrue();
      assertThat(
              gateway
                  .chat(ask("acme").cachePolicy(CachePolicy.ttl(Duration.ZERO)).build())
                  .route()
                  .cacheHit())
          .isFalse();
      assertThat(p.calls).hasSize(4);
    }
  }

  @Test
  void otherTenantMisses() {
    try (GatewayClient gateway = builder().build()) {
      gateway.chat(ask("acme").build());
      assertThat(gateway.chat(ask("globex").build()).route().cacheHit()).isFalse();
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isTrue();
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void contextOutsideThePartitionDoesNotChangeTheKey() {
    try (GatewayClient gateway = builder().build()) {
      gateway.chat(ask("acme").build());
      ChatRequest other =
          ask("acme")
              .context(RequestContext.tenant("acme").team("t").user("u").tag("k", "v"))
              .timeout(Duration.ofSeconds(3))
              .build();
      assertThat(gateway.chat(other).route().cacheHit()).isTrue();
    }
  }

  @Test
  void globalPartitionSharesAcrossTenants() {
    try (GatewayClient gateway = builder().cache(c -> c.partition(CachePartition.GLOBAL)).build()) {
      gateway.chat(ask("acme").build());
      assertThat(gateway.chat(ask("globex").build()).route().cacheHit()).isTrue();
    }
  }

  @Test
  void teamPartitionSeparatesTeams() {
    try (GatewayClient gateway = builder().cache(c -> c.partition(CachePartition.TEAM)).build()) {
      gateway.chat(ask("acme").context(RequestContext.tenant("acme").team("a")).build());
      assertThat(
              gateway
                  .chat(ask("acme").context(RequestContext.tenant("acme").team("b")).build())
                  .route()
                  .cacheHit())
          .isFalse();
    }
  }

  @Test
  void mapKeyOrderDoesNotChangeTheKey() {
    Map<String, Object> props1 = new LinkedHashMap<>();
    props1.put("city", Map.of("type", "string"));
    props1.put("unit", Map.of("type", "string"));
    Map<String, Object> schema1 = new LinkedHashMap<>();
    schema1.put("type", "object");
    schema1.put("properties", props1);
    Map<String, Object> props2 = new LinkedHashMap<>();
    props2.put("unit", Map.of("type", "string"));
    props2.put("city", Map.of("type", "string"));
    Map<String, Object> schema2 = new LinkedHashMap<>();
    schema2.put("properties", props2);
    schema2.put("type", "object");
    try (GatewayClient gateway = builder().build()) {
      gateway.chat(
          ask("acme")
              .tool(ToolDefinition.of("weather", "Weather", schema1))
              .extraParam("a", 1)
              .extraParam("b", List.of(Map.of("x", 1, "y", 2)))
              .build());
      ChatResponse second =
          gateway.chat(
              ask("acme")
                  .extraParam("b", List.of(Map.of("y", 2, "x", 1)))
                  .extraParam("a", 1.0)
                  .tool(ToolDefinition.of("weather", "Weather", schema2))
                  .build());
      assertThat(second.route().cacheHit()).isTrue();
      assertThat(p.calls).hasSize(1);
    }
  }

  @Test
  void sampledRequestsAreNotCachedUnlessConfiguredOrOptedIn() {
    try (GatewayClient gateway = builder().build()) {
      ChatRequest sampled = ask("acme").temperature(0.7).build();
      gateway.chat(sampled);
      assertThat(gateway.chat(sampled).route().cacheHit()).isFalse();
      ChatRequest optedIn =
          ask("acme").temperature(0.7).cachePolicy(CachePolicy.ttl(Duration.ofMinutes(1))).build();
      gateway.chat(optedIn);
      assertThat(gateway.chat(optedIn).route().cacheHit()).isTrue();
    }
    try (GatewayClient gateway = builder().cache(c -> c.cacheSampled(true)).build()) {
      ChatRequest sampled = ask("acme").temperature(0.7).build();
      gateway.chat(sampled);
      assertThat(gateway.chat(sampled).route().cacheHit()).isTrue();
    }
  }

  @Test
  void aliasesWithoutTtlAreNotCachedByDefault() {
    try (GatewayClient gateway = builder().build()) {
      ChatRequest direct = ChatRequest.builder().model("p/m").user("hi").build();
      gateway.chat(direct);
      assertThat(gateway.chat(direct).route().cacheHit()).isFalse();
    }
    try (GatewayClient gateway = builder().cache(c -> c.cacheAllAliases(true)).build()) {
      ChatRequest direct = ChatRequest.builder().model("p/m").user("hi").build();
      gateway.chat(direct);
      assertThat(gateway.chat(direct).route().cacheHit()).isTrue();
    }
  }

  @Test
  void withoutCacheConfiguredNothingIsCached() {
    try (GatewayClient gateway =
        TestSupport.builder(p).alias(MODEL, a -> a.target("p", "m")).build()) {
      ChatRequest optedIn = ask("acme").cachePolicy(CachePolicy.ttl(Duration.ofMinutes(1))).build();
      gateway.chat(optedIn);
      assertThat(gateway.chat(optedIn).route().cacheHit()).isFalse();
    }
  }

  @Test
  void streamedMissIsCachedAndReplayed() {
    try (GatewayClient gateway = builder().build()) {
      StringBuilder first = new StringBuilder();
      try (ChatStream s = gateway.stream(ask("acme").build())) {
        s.forEach(c -> first.append(c.text()));
      }
      StringBuilder second = new StringBuilder();
      ChatResponse replayed;
      try (ChatStream s = gateway.stream(ask("acme").build())) {
        s.forEach(c -> second.append(c.text()));
        replayed = s.response();
      }
      assertThat(first.toString()).isEqualTo("ok from p");
      assertThat(second.toString()).isEqualTo("ok from p");
      assertThat(replayed.route().cacheHit()).isTrue();
      // A plain call for the same request is served from the streamed answer too.
      assertThat(gateway.chat(ask("acme").build()).text()).isEqualTo("ok from p");
      assertThat(p.calls).hasSize(1);
    }
  }

  @Test
  void longAnswersAreReplayedInSeveralChunks() {
    String text = "x".repeat(70);
    p.always("m", ScriptedProvider.answer(text));
    try (GatewayClient gateway = builder().build()) {
      gateway.chat(ask("acme").build());
      List<String> pieces = new ArrayList<>();
      ChatResponse replayed;
      try (ChatStream s = gateway.stream(ask("acme").build())) {
        s.forEach(c -> pieces.add(c.text()));
        replayed = s.response();
      }
      assertThat(pieces).hasSize(3);
      assertThat(String.join("", pieces)).isEqualTo(text);
      assertThat(replayed.text()).isEqualTo(text);
      assertThat(p.calls).hasSize(1);
    }
  }

  @Test
  void streamClosedBeforeItsEndIsNotCached() {
    try (GatewayClient gateway = builder().build()) {
      try (ChatStream s = gateway.stream(ask("acme").build())) {
        s.iterator().next();
      }
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isFalse();
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void identicalConcurrentMissesMakeOneUpstreamCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger upstream = new AtomicInteger();
    p.always(
        "m",
        (prov, r, c) -> {
          upstream.incrementAndGet();
          entered.countDown();
          block(release);
          return ScriptedProvider.answer("shared").run(prov, r, c);
        });
    int n = 8;
    try (GatewayClient gateway = builder().build()) {
      List<Thread> threads = new ArrayList<>();
      List<ChatResponse> results = new CopyOnWriteArrayList<>();
      for (int i = 0; i < n; i++) {
        Thread t = new Thread(() -> results.add(gateway.chat(ask("acme").build())));
        threads.add(t);
        t.start();
      }
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      awaitParked(threads);
      release.countDown();
      for (Thread t : threads) {
        t.join(10_000);
      }
      assertThat(upstream).hasValue(1);
      assertThat(results).hasSize(n).allMatch(r -> r.text().equals("shared"));
      assertThat(results.stream().filter(r -> r.route().cacheHit()).count()).isEqualTo(n - 1);
      assertThat(saved).hasSize(n - 1);
    }
  }

  @Test
  void waitersGetTheLeadersFailureWhichIsNotCached() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    p.then(
        "m",
        (prov, r, c) -> {
          entered.countDown();
          block(release);
          return ScriptedProvider.fail(ErrorKind.INVALID_REQUEST).run(prov, r, c);
        });
    int n = 4;
    try (GatewayClient gateway = builder().build()) {
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      for (int i = 0; i < n; i++) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    gateway.chat(ask("acme").build());
                  } catch (RuntimeException e) {
                    failures.add(e);
                  }
                });
        threads.add(t);
        t.start();
      }
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      awaitParked(threads);
      release.countDown();
      for (Thread t : threads) {
        t.join(10_000);
      }
      assertThat(failures).hasSize(n);
      assertThat(failures).allMatch(f -> f == failures.get(0));
      assertThat(p.calls).hasSize(1);
      // The failure was not cached: the next call goes upstream and succeeds.
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isFalse();
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void cancellingTheLeaderDoesNotFailTheWaiters() throws Exception {
    p.then("m", ScriptedProvider.hang(), ScriptedProvider.answer("second"));
    try (GatewayClient gateway = builder().build()) {
      CompletableFuture<ChatResponse> leader = gateway.chatAsync(ask("acme").build());
      await().atMost(Duration.ofSeconds(10)).until(() -> p.calls.size() == 1);
      CompletableFuture<ChatResponse> waiter = new CompletableFuture<>();
      Thread t =
          new Thread(
              () -> {
                try {
                  waiter.complete(gateway.chat(ask("acme").build()));
                } catch (RuntimeException e) {
                  waiter.completeExceptionally(e);
                }
              });
      t.start();
      awaitParked(List.of(t));
      leader.cancel(true);
      ChatResponse r = waiter.get(10, TimeUnit.SECONDS);
      assertThat(r.text()).isEqualTo("second");
      assertThat(r.route().cacheHit()).isFalse();
      assertThat(p.calls).hasSize(2);
    }
  }

  @Test
  void builderRejectsBadValuesNamingThem() {
    GatewayClient.Builder b = GatewayClient.builder();
    assertThatThrownBy(() -> b.cache(c -> c.maxBytes(0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("cache maxBytes must be positive, was 0");
    assertThatThrownBy(() -> b.cache(c -> c.defaultTtl(Duration.ofSeconds(-1))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("cache defaultTtl must be positive, was PT-1S");
    assertThatThrownBy(() -> b.cache(c -> c.defaultTtl(Duration.ZERO)))
        .hasMessage("cache defaultTtl must be positive, was PT0S");
    assertThatThrownBy(() -> b.cache(c -> c.partition(null)))
        .hasMessage("cache partition must not be null");
    assertThatThrownBy(() -> b.alias("x", a -> a.cacheTtl(Duration.ofMillis(-5))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Alias 'x' cacheTtl must be zero or positive, was PT-0.005S");
  }

  @Test
  void aliasTtlZeroSwitchesTheAliasOff() {
    try (GatewayClient gateway =
        TestSupport.builder(p)
            .cache(c -> c.cacheAllAliases(true))
            .alias(MODEL, a -> a.target("p", "m").cacheTtl(Duration.ZERO))
            .build()) {
      gateway.chat(ask("acme").build());
      assertThat(gateway.chat(ask("acme").build()).route().cacheHit()).isFalse();
    }
  }

  /**
   * Waits until every thread is parked inside the cache stage: the leader in the provider below it,
   * the others waiting on the leader.
   */
  private static void awaitParked(List<Thread> threads) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> threads.stream().allMatch(CacheTest::parkedInCacheStage));
  }

  private static boolean parkedInCacheStage(Thread t) {
    Thread.State state = t.getState();
    if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
      return false;
    }
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().equals("dev.llmgateway.internal.pipeline.CacheStage")) {
        return true;
      }
    }
    return false;
  }

  private static void block(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
