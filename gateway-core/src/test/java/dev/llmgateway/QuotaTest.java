package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.internal.pipeline.QuotaStage;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import dev.llmgateway.pricing.TokenEstimator;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaTest {
  private final ScriptedProvider p = new ScriptedProvider("p");
  private final FakeClock clock = new FakeClock();

  private GatewayClient.Builder builder() {
    return TestSupport.builder(p)
        .clock(clock)
        .tokenEstimator(QuarterTokenEstimator.INSTANCE)
        .alias("a", a -> a.target("p", "m"));
  }

  /** "hello" is 2 estimated prompt tokens; the scripted answer uses 10 + 5 = 15. */
  private static ChatRequest ask(String tenant, int maxTokens) {
    return ChatRequest.builder()
        .model("a")
        .user("hello")
        .maxTokens(maxTokens)
        .context(RequestContext.tenant(tenant))
        .build();
  }

  private static ChatRequest ask(String tenant) {
    return ChatRequest.builder()
        .model("a")
        .user("hello")
        .context(RequestContext.tenant(tenant))
        .build();
  }

  private static QuotaExceededException refusal(GatewayClient gateway, ChatRequest request) {
    return catchThrowableOfType(QuotaExceededException.class, () -> gateway.chat(request));
  }

  @Test
  void quotaAndRoutingShareOneEstimatePerCall() {
    java.util.concurrent.atomic.AtomicInteger estimates =
        new java.util.concurrent.atomic.AtomicInteger();
    TokenEstimator counting =
        new TokenEstimator() {
          @Override
          public long estimateChat(String type, String model, ChatRequest request) {
            if (type.isEmpty()) {
              estimates.incrementAndGet(); // the per-call estimate, before a target is known
            }
            return QuarterTokenEstimator.INSTANCE.estimateChat(type, model, request);
          }

          @Override
          public long estimateEmbedding(String type, String model, EmbeddingRequest request) {
            return QuarterTokenEstimator.INSTANCE.estimateEmbedding(type, model, request);
          }

          @Override
          public long estimateText(String type, String model, String text) {
            return QuarterTokenEstimator.INSTANCE.estimateText(type, model, text);
          }
        };
    try (GatewayClient gateway =
        builder()
            .tokenEstimator(counting)
            .quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(10_000))
            .build()) {
      gateway.chat(
          ChatRequest.builder()
              .model("a")
              .user("hi")
              .context(RequestContext.tenant("acme"))
              .build());
    }
    assertThat(estimates).hasValue(1);
  }

  @Test
  void tokenQuotasUseTheConfiguredEstimator() {
    TokenEstimator huge =
        new TokenEstimator() {
          @Override
          public long estimateChat(String type, String model, ChatRequest request) {
            return 1_000;
          }

          @Override
          public long estimateEmbedding(String type, String model, EmbeddingRequest request) {
            return 1_000;
          }

          @Override
          public long estimateText(String type, String model, String text) {
            return 1_000;
          }
        };
    try (GatewayClient gateway =
        builder()
            .tokenEstimator(huge)
            .quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(500))
            .build()) {
      assertThatThrownBy(
              () ->
                  gateway.chat(
                      ChatRequest.builder()
                          .model("a")
                          .user("hi")
                          .context(RequestContext.tenant("acme"))
                          .build()))
          .isInstanceOf(QuotaExceededException.class);
    }
  }

  @Test
  void requestsPerMinuteHoldsAtTheWindowEdgeAndRetryAtIsExact() {
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(2)).build()) {
      Instant t0 = clock.instant();
      gateway.chat(ask("acme"));
      clock.advance(Duration.ofSeconds(10));
      gateway.chat(ask("acme"));
      clock.advance(Duration.ofSeconds(50).minusNanos(1));

      QuotaExceededException e = refusal(gateway, ask("acme"));
      assertThat(e.retryAt()).isEqualTo(t0.plusSeconds(60));
      assertThat(e.scope()).isEqualTo("tenant=acme: 2 requests/minute");
      assertThat(e)
          .hasMessage("Quota 'tenant=acme: 2 requests/minute' is exhausted until " + e.retryAt());

      clock.advance(Duration.ofNanos(1)); // exactly t0 + 60s: the first call left the window
      gateway.chat(ask("acme"));
      assertThat(refusal(gateway, ask("acme")).retryAt()).isEqualTo(t0.plusSeconds(70));
      assertThat(p.calls).hasSize(3);
      // Other tenants are not counted by acme's quota.
      gateway.chat(ask("globex"));
    }
  }

  @Test
  void requestsPerDayUsesASlidingDay() {
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.global()).requestsPerDay(1)).build()) {
      Instant t0 = clock.instant();
      gateway.chat(ask("acme"));
      clock.advance(Duration.ofHours(23));
      QuotaExceededException e = refusal(gateway, ask("globex"));
      assertThat(e.retryAt()).isEqualTo(t0.plus(Duration.ofDays(1)));
      assertThat(e.scope()).isEqualTo("global: 1 requests/day");
      clock.advance(Duration.ofHours(1));
      gateway.chat(ask("globex"));
    }
  }

  @Test
  void eachTenantIsTheDefaultForTenantsWithoutTheirOwnQuota() {
    try (GatewayClient gateway =
        builder()
            .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerMinute(1))
            .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(3))
            .build()) {
      for (int i = 0; i < 3; i++) {
        gateway.chat(ask("acme"));
      }
      assertThat(refusal(gateway, ask("acme")).scope()).isEqualTo("tenant=acme: 3 requests/minute");
      gateway.chat(ask("globex"));
      assertThat(refusal(gateway, ask("globex")).scope())
          .isEqualTo("tenant=globex: 1 requests/minute");
      gateway.chat(ask("initech"));
      // Calls without a tenant are not counted by eachTenant().
      gateway.chat(ChatRequest.builder().model("a").user("hello").build());
      gateway.chat(ChatRequest.builder().model("a").user("hello").build());
    }
  }

  @Test
  void tenantsBeyondTheKeptBucketNamesAreLimitedAlike() {
    try (GatewayClient gateway =
        builder()
            .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerMinute(1))
            .quota(q -> q.scope(QuotaScope.tenant("late")).requestsPerMinute(2))
            .build()) {
      int tenants = QuotaStage.MAX_CACHED_VALUES + 3;
      for (int i = 0; i < tenants; i++) {
        gateway.chat(ask("t" + i));
      }
      assertThat(refusal(gateway, ask("t0")).scope()).isEqualTo("tenant=t0: 1 requests/minute");
      String last = "t" + (tenants - 1);
      assertThat(refusal(gateway, ask(last)).scope())
          .isEqualTo("tenant=" + last + ": 1 requests/minute");
      gateway.chat(ask("late"));
      gateway.chat(ask("late"));
      assertThat(refusal(gateway, ask("late")).scope()).isEqualTo("tenant=late: 2 requests/minute");
    }
  }

  @Test
  void tokensAreReservedThenSettledToTheRealUsage() {
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(100)).build()) {
      Instant t0 = clock.instant();
      gateway.chat(ask("acme", 50)); // reserves 52, settles to 15
      clock.advance(Duration.ofSeconds(1));
      gateway.chat(ask("acme", 50)); // 15 + 52 <= 100; settles to 15: window holds 30
      clock.advance(Duration.ofSeconds(1));
      QuotaExceededException e = refusal(gateway, ask("acme", 80)); // 30 + 82 > 100
      assertThat(e.scope()).isEqualTo("tenant=acme: 100 tokens/minute");
      assertThat(e.retryAt()).isEqualTo(t0.plusSeconds(60)); // the first 15 leave: 15 + 82 <= 100
      gateway.chat(ask("acme", 68)); // 30 + 70 == 100 fits exactly
      assertThat(p.calls).hasSize(3);
    }
  }

  @Test
  void aReservationLargerThanTheLimitIsRefusedOneWindowAhead() {
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(100)).build()) {
      QuotaExceededException e = refusal(gateway, ask("acme", 200));
      assertThat(e.scope()).isEqualTo("tenant=acme: 100 tokens/minute (this call needs 202)");
      assertThat(e.retryAt()).isEqualTo(clock.instant().plusSeconds(60));
    }
  }

  @Test
  void tokensAreReleasedWhenTheCallFails() {
    p.then("m", ScriptedProvider.fail(ErrorKind.INVALID_REQUEST));
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(60)).build()) {
      assertThatThrownBy(() -> gateway.chat(ask("acme", 58)))
          .isNotInstanceOf(QuotaExceededException.class);
      gateway.chat(ask("acme", 58)); // the full 60 are free again
    }
  }

  @Test
  void streamSettlesAtItsEndAndToWhatItConsumedWhenClosedEarly() {
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(100)).build()) {
      try (ChatStream s = gateway.stream(ask("acme", 90))) { // reserves 92
        assertThat(refusal(gateway, ask("acme", 10))).isNotNull(); // 92 + 12 > 100
        s.forEach(c -> {});
      }
      gateway.chat(ask("acme", 10)); // settled to 3 + 2 = 5: 5 + 12 fits
      try (ChatStream s = gateway.stream(ask("acme", 60))) { // window 5 + 15 + 62 = 82
        s.iterator().next();
      }
      // Settled to what it consumed: the 2-token prompt and "ok " (1 token): 5 + 15 + 3 = 23.
      assertThat(refusal(gateway, ask("acme", 76))).isNotNull(); // 23 + 78 > 100
      gateway.chat(ask("acme", 75)); // 23 + 77 = 100 fits exactly
    }
  }

  @Test
  void anAnswerWithoutReportedUsageCountsTheTokensItsBudgetChargeWasEstimatedFrom() {
    p.then(
        "m",
        (provider, r, c) ->
            ChatResponse.of(
                "no-usage",
                provider.name,
                r.model(),
                "four",
                List.of(),
                FinishReason.STOP,
                Usage.NOT_REPORTED));
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(100)).build()) {
      ChatResponse answer = gateway.chat(ask("acme", 90)); // reserves 92
      assertThat(answer.usage()).isEqualTo(Usage.NOT_REPORTED);
      // Settled to the estimate the charge used: the 2-token prompt and "four" (1 token).
      assertThat(refusal(gateway, ask("acme", 96))).isNotNull(); // 3 + 98 > 100
      gateway.chat(ask("acme", 95)); // 3 + 97 = 100 fits exactly
    }
  }

  @Test
  void stoppingStreamsEarlyDoesNotEvadeATokenQuota() {
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).tokensPerMinute(30)).build()) {
      // Each stream reserves 2 + 10 = 12 and is stopped after its first chunk: 2 + 1 consumed.
      for (int i = 0; i < 7; i++) {
        try (ChatStream s = gateway.stream(ask("acme", 10))) { // 3 * i + 12 <= 30
          s.iterator().next();
        }
      }
      // 7 * 3 = 21 consumed within the minute: 21 + 12 > 30.
      QuotaExceededException e =
          catchThrowableOfType(QuotaExceededException.class, () -> gateway.stream(ask("acme", 10)));
      assertThat(e).isNotNull();
      assertThat(e.scope()).isEqualTo("tenant=acme: 30 tokens/minute");
      assertThat(p.calls).hasSize(7);
    }
  }

  @Test
  void aCallRefusedByOneQuotaCountsAgainstNone() {
    try (GatewayClient gateway =
        builder()
            .quota(q -> q.scope(QuotaScope.global()).requestsPerMinute(2))
            .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(1))
            .build()) {
      gateway.chat(ask("acme"));
      assertThat(refusal(gateway, ask("acme")).scope()).isEqualTo("tenant=acme: 1 requests/minute");
      gateway.chat(ask("globex")); // global holds 2: the refused call was not counted
      assertThat(refusal(gateway, ask("globex")).scope()).isEqualTo("global: 2 requests/minute");
    }
  }

  @Test
  void retryAtIsTheLatestOverEveryExceededLimit() {
    try (GatewayClient gateway =
        builder()
            .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(1).requestsPerDay(1))
            .build()) {
      Instant t0 = clock.instant();
      gateway.chat(ask("acme"));
      QuotaExceededException e = refusal(gateway, ask("acme"));
      assertThat(e.scope()).isEqualTo("tenant=acme: 1 requests/minute");
      assertThat(e.retryAt()).isEqualTo(t0.plus(Duration.ofDays(1)));
    }
  }

  @Test
  void scopesMatchTheirAttribute() {
    try (GatewayClient gateway =
        builder()
            .quota(q -> q.scope(QuotaScope.tag("region", "eu")).requestsPerMinute(1))
            .quota(q -> q.scope(QuotaScope.user("bob")).requestsPerMinute(1))
            .build()) {
      ChatRequest eu =
          ChatRequest.builder()
              .model("a")
              .user("x")
              .context(RequestContext.tenant("t").tag("region", "eu"))
              .build();
      gateway.chat(eu);
      assertThat(refusal(gateway, eu).scope()).isEqualTo("tag:region=eu: 1 requests/minute");
      ChatRequest bob =
          ChatRequest.builder()
              .model("a")
              .user("x")
              .context(RequestContext.tenant("t").user("bob"))
              .build();
      gateway.chat(bob);
      assertThat(refusal(gateway, bob).scope()).isEqualTo("user=bob: 1 requests/minute");
    }
  }

  @Test
  void limitHoldsUnderConcurrentCalls() throws Exception {
    try (GatewayClient gateway =
        builder().quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(5)).build()) {
      java.util.concurrent.atomic.AtomicInteger admitted =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger refused =
          new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.List<Thread> threads = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        Thread t =
            new Thread(
                () -> {
                  try {
                    start.await();
                    gateway.chat(ask("acme"));
                    admitted.incrementAndGet();
                  } catch (QuotaExceededException e) {
                    refused.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        threads.add(t);
        t.start();
      }
      start.countDown();
      for (Thread t : threads) {
        t.join(10_000);
      }
      assertThat(admitted).hasValue(5);
      assertThat(refused).hasValue(15);
    }
  }

  @Test
  void builderRejectsBadQuotasNamingTheValue() {
    GatewayClient.Builder b = GatewayClient.builder();
    assertThatThrownBy(() -> b.quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("quota 'tenant=acme' requestsPerMinute must be positive, was 0");
    assertThatThrownBy(() -> b.quota(q -> q.tokensPerMinute(-5)))
        .hasMessage("quota tokensPerMinute must be positive, was -5");
    assertThatThrownBy(() -> b.quota(q -> q.requestsPerDay(5)))
        .hasMessage("quota needs a scope, such as QuotaScope.tenant(\"acme\")");
    assertThatThrownBy(() -> b.quota(q -> q.scope(QuotaScope.global())))
        .hasMessageContaining("quota 'global' sets no limit");
    b.quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(1));
    assertThatThrownBy(() -> b.quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerDay(1)))
        .hasMessage("quota scope 'tenant=acme' already has a quota; set all its limits in one");
    assertThatThrownBy(() -> QuotaScope.tenant(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("QuotaScope tenant must not be blank, was ' '");
  }

  @Test
  void eachUserCountsEveryUserSeparatelyUnlessItHasItsOwnQuota() {
    try (GatewayClient gateway =
        builder()
            .quota(q -> q.scope(QuotaScope.eachUser()).requestsPerMinute(1))
            .quota(q -> q.scope(QuotaScope.user("bob")).requestsPerMinute(2))
            .build()) {
      ChatRequest ann = askAs("ann");
      gateway.chat(ann);
      assertThat(refusal(gateway, ann).scope()).isEqualTo("user=ann: 1 requests/minute");
      gateway.chat(askAs("bob"));
      gateway.chat(askAs("bob"));
      assertThat(refusal(gateway, askAs("bob")).scope()).isEqualTo("user=bob: 2 requests/minute");
      gateway.chat(askAs("carol"));
      // Calls without a user are not counted by eachUser().
      gateway.chat(ask("acme"));
      gateway.chat(ask("acme"));
      assertThat(QuotaScope.eachUser()).hasToString("each user");
    }
  }

  private static ChatRequest askAs(String user) {
    return ChatRequest.builder()
        .model("a")
        .user("hello")
        .context(RequestContext.tenant("acme").user(user))
        .build();
  }
}
