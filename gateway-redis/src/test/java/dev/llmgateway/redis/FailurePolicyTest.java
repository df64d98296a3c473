package dev.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.config.StoreSettings.FailurePolicy;
import dev.llmgateway.config.StoreSettings.Shared;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.routing.KeyStateStore;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 6: Redis stopped or slow mid-run. {@code FAIL_CLOSED} refuses with a typed error
 * within the command timeout; {@code FAIL_LOCAL} keeps serving and emits the event; after Redis
 * returns, calls use it again; no call hangs.
 */
class FailurePolicyTest {
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final String BUDGET_KEY = "llmgw:{budgets}:global|LIFETIME|0";

  private RedisServer redis;
  private final FakeLlmServer llm = FakeLlmServer.start();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private RedisStores stores;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    llm.respondByDefault(FakeResponse.text("ok").withUsage(10, 10, 0, 0));
  }

  @AfterEach
  void stop() {
    llm.close();
    if (stores != null) {
      stores.close();
    }
    redis.close();
  }

  private GatewayClient client(FailurePolicy policy) {
    return client(policy, policy);
  }

  private GatewayClient client(FailurePolicy policy, FailurePolicy budgets) {
    stores =
        RedisStores.builder(redis.uri())
            .commandTimeout(TIMEOUT)
            .retryInterval(Duration.ofMillis(100))
            .failurePolicy(policy)
            .failurePolicy(Shared.BUDGETS, budgets)
            .listener(
                new RedisStoreListener() {
                  @Override
                  public void unavailable(Shared store, FailurePolicy p, Throwable cause) {
                    events.add("unavailable " + store);
                  }

                  @Override
                  public void recovered(Shared store) {
                    events.add("recovered " + store);
                  }
                })
            .build();
    return GatewayClient.builder()
        .provider(
            "openai", p -> p.type("openai").baseUrl(llm.baseUrl()).apiKey(Secret.of("k-" + "1")))
        .prices(p -> p.model("openai", "gpt-x", Money.usd("1"), Money.usd("1")))
        .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("100")))
        .budgetLedger(stores.ledger(GatewayClient.DEFAULT_BUDGET_ZONE))
        .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(1000))
        .quotaStore(stores.quotas())
        .keyStateStore(stores.keyStates())
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .build();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder()
        .model("openai/gpt-x")
        .user("hello")
        .maxTokens(50)
        .context(RequestContext.tenant("acme"))
        .build();
  }

  /** Runs a call and checks it ended well within a bound (no call hangs on Redis). */
  private static ChatResponse bounded(GatewayClient gateway) {
    return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> gateway.chat(ask()));
  }

  @Test
  void failClosedRefusesWithATypedErrorWithinTheCommandTimeoutThenUsesRedisAgain()
      throws Exception {
    try (GatewayClient gateway = client(FailurePolicy.FAIL_CLOSED)) {
      bounded(gateway);
      assertThat(redis.command("EXISTS " + BUDGET_KEY)).isEqualTo(":1");

      Socket sleeping = redis.sleep(3);
      try {
        long start = System.nanoTime();
        assertThatThrownBy(() -> bounded(gateway))
            .isInstanceOf(RedisUnavailableException.class)
            .hasMessageContaining("FAIL_CLOSED")
            .hasMessageContaining("127.0.0.1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took)
            .as("refused within the command timeout")
            .isLessThan(TIMEOUT.multipliedBy(4));
      } finally {
        sleeping.close();
      }
      redis.stop();
      long start = System.nanoTime();
      assertThatThrownBy(() -> bounded(gateway)).isInstanceOf(RedisUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
      assertThat(stores.refusals(Shared.QUOTAS)).isPositive();
      assertThat(llm.requestCount()).as("refused calls never reach the provider").isEqualTo(1);

      redis.restart();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreException(RedisUnavailableException.class)
          .until(() -> bounded(gateway) != null);
      assertThat(redis.command("EXISTS " + BUDGET_KEY)).isEqualTo(":1");
      assertThat(events).contains("unavailable QUOTAS", "recovered QUOTAS");
    }
  }

  @Test
  void aBudgetUnderFailClosedRefusesInTheAttemptLoopWithTheTypedError() {
    try (GatewayClient gateway = client(FailurePolicy.FAIL_LOCAL, FailurePolicy.FAIL_CLOSED)) {
      bounded(gateway);
      redis.stop();
      assertThatThrownBy(() -> bounded(gateway))
          .isInstanceOfSatisfying(
              RedisUnavailableException.class,
              e -> assertThat(e.store()).isEqualTo(Shared.BUDGETS));
      assertThat(stores.fallbacks(Shared.QUOTAS)).as("quotas went on in memory").isPositive();
      assertThat(llm.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void failLocalKeepsServingAndEmitsTheEventThenUsesRedisAgain() {
    try (GatewayClient gateway = client(FailurePolicy.FAIL_LOCAL)) {
      bounded(gateway);
      redis.stop();
      for (int i = 0; i < 5; i++) {
        assertThat(bounded(gateway).text()).isEqualTo("ok");
      }
      assertThat(events).contains("unavailable QUOTAS", "unavailable BUDGETS");
      assertThat(stores.fallbacks(Shared.BUDGETS)).isPositive();
      assertThat(stores.fallbacks(Shared.QUOTAS)).isPositive();
      assertThat(stores.available(Shared.BUDGETS)).isFalse();

      redis.restart();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                bounded(gateway);
                return ":1".equals(redis.command("EXISTS " + BUDGET_KEY));
              });
      assertThat(events).contains("recovered QUOTAS", "recovered BUDGETS");
      assertThat(stores.available(Shared.BUDGETS)).isTrue();
      assertThat(llm.requestCount()).isGreaterThanOrEqualTo(7);
    }
  }

  @Test
  void keyStateChangesStayLocalAndOnlyFailLocalClaimsATrialWhileRedisIsDown() {
    stores =
        RedisStores.builder(redis.uri())
            .commandTimeout(TIMEOUT)
            .failurePolicy(FailurePolicy.FAIL_CLOSED)
            .build();
    try (RedisStores local =
        RedisStores.builder(redis.uri())
            .commandTimeout(TIMEOUT)
            .failurePolicy(FailurePolicy.FAIL_LOCAL)
            .build()) {
      KeyStateStore closed = stores.keyStates();
      KeyStateStore open = local.keyStates();
      closed.disable("openai", "k1", "HTTP 401", 100);
      await().atMost(Duration.ofSeconds(5)).until(() -> open.disabled("openai", "k1") != null);
      redis.stop();

      assertTimeoutPreemptively(
          Duration.ofSeconds(5), () -> closed.coolDown("openai", "k2", 5_000_000_000L));
      assertThat(closed.coolingUntil("openai", "k2")).isEqualTo(5_000_000_000L);
      assertThat(closed.tryStartProbe("openai", "k1", 200)).isFalse();
      assertThat(open.tryStartProbe("openai", "k1", 200)).isTrue();
      assertThat(stores.fallbacks(Shared.KEY_STATE)).isPositive();
      assertThat(stores.refusals(Shared.KEY_STATE)).isZero();
    }
  }
}
