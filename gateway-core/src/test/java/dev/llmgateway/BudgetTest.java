package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.budget.BudgetWindow;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import dev.llmgateway.pricing.UnknownPricePolicy;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Costs on responses and budget enforcement through the client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BudgetTest {
  /** $1 per million tokens: 1000 nano-dollars per token, so costs are easy to compute. */
  static final Money ONE_PER_MILLION = Money.usd("1");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final FakeClock clock = new FakeClock();
  private final Alerts alerts = new Alerts();

  static ScriptedProvider.Step usage(long in, long out) {
    return usage(Usage.of(in, out));
  }

  static ScriptedProvider.Step usage(Usage usage) {
    return (p, r, c) ->
        ChatResponse.of("r", p.name, r.model(), "ok", List.of(), FinishReason.STOP, usage);
  }

  static ChatRequest request(String model, RequestContext context) {
    return ChatRequest.builder().model(model).user("hello").maxTokens(100).context(context).build();
  }

  private GatewayClient.Builder priced() {
    return builder(a)
        .clock(clock)
        .eventListener(alerts)
        .prices(
            p ->
                p.model("scripted", "m1", ONE_PER_MILLION, ONE_PER_MILLION)
                    .model("scripted", "cheap", ONE_PER_MILLION, ONE_PER_MILLION));
  }

  static final class Alerts extends GatewayEventListener {
    final List<BudgetStatus> reached = new CopyOnWriteArrayList<>();
    final List<String> downgrades = new CopyOnWriteArrayList<>();

    @Override
    public void budgetThresholdReached(BudgetStatus status) {
      reached.add(status);
    }

    @Override
    public void budgetDowngraded(CallInfo call, String toAlias, BudgetExceededException reason) {
      downgrades.add(call.model() + "->" + toAlias);
    }
  }

  @Test
  void chatStreamAndEmbeddingResponsesCarryTheirComputedCost() {
    a.always("m1", usage(1_000, 500));
    try (GatewayClient gateway = priced().build()) {
      ChatResponse r = gateway.chat(request("a/m1", RequestContext.EMPTY));
      assertThat(r.cost()).isEqualTo(Cost.reported(Money.ofNanos(1_500_000)));

      try (ChatStream s = gateway.stream(request("a/m1", RequestContext.EMPTY))) {
        // The scripted stream ends with Usage.of(3, 2).
        assertThat(s.response().cost()).isEqualTo(Cost.reported(Money.ofNanos(5_000)));
      }
      EmbeddingResponse e = gateway.embed(EmbeddingRequest.of("a/m1", List.of("one", "two")));
      // The scripted embedding reports Usage.of(4, 0).
      assertThat(e.cost()).isEqualTo(Cost.reported(Money.ofNanos(4_000)));

      assertThat(gateway.chat(request("a/unpriced", RequestContext.EMPTY)).cost())
          .isEqualTo(Cost.UNKNOWN);
    }
  }

  @Test
  void answerWithoutUsageIsCostedFromEstimates() {
    a.always("m1", usage(Usage.NOT_REPORTED));
    try (GatewayClient gateway = priced().build()) {
      Cost cost = gateway.chat(request("a/m1", RequestContext.EMPTY)).cost();
      assertThat(cost.status()).isEqualTo(Cost.Status.ESTIMATED);
      // "hello": ceil(5 / 3.5) + 5 = 7 input tokens; "ok": 1 output token.
      assertThat(cost.amount()).isEqualTo(Money.ofNanos(8_000));
    }
  }

  @Test
  void reportedZeroTokensCostNothingWhileAnUnreportedCountIsEstimated() {
    a.then("m1", usage(Usage.ZERO), usage(new Usage(0, 0, 0, 0, 0, Set.of(Usage.Count.INPUT))));
    try (GatewayClient gateway = priced().build()) {
      Cost zero = gateway.chat(request("a/m1", RequestContext.EMPTY)).cost();
      Cost outputEstimated = gateway.chat(request("a/m1", RequestContext.EMPTY)).cost();

      assertThat(zero).isEqualTo(Cost.reported(Money.ZERO));
      assertThat(outputEstimated.status()).isEqualTo(Cost.Status.ESTIMATED);
      // The reported 0 input tokens are kept; "ok" is estimated as 1 output token.
      assertThat(outputEstimated.amount()).isEqualTo(Money.ofNanos(1_000));
    }
  }

  @Test
  void everyApplicableBudgetMustAdmitTheCall() {
    a.always("m1", usage(10_000, 0)); // $0.01 per call
    try (GatewayClient gateway =
        priced()
            .budget(b -> b.scope(BudgetScope.team("support")).monthly(Money.usd("1")))
            .budget(b -> b.scope(BudgetScope.user("u1")).lifetime(Money.usd("0.015")))
            .build()) {
      RequestContext u1 = RequestContext.tenant("t").team("support").user("u1");
      RequestContext u2 = RequestContext.tenant("t").team("support").user("u2");
      gateway.chat(request("a/m1", u1));
      // Worst case of the next call: (7 + 100) tokens = $0.000107; u1 has spent $0.01 of $0.015.
      gateway.chat(request("a/m1", u1));
      BudgetExceededException e =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              BudgetExceededException.class, () -> gateway.chat(request("a/m1", u1)));
      assertThat(e.scope()).startsWith("user=u1");
      assertThat(e.limitUsd()).isEqualByComparingTo("0.015");
      assertThat(e.spentUsd()).isEqualByComparingTo("0.02");
      assertThat(e.reservedUsd()).isEqualByComparingTo("0");
      // Another user of the same team is still admitted; the team budget counted every call.
      gateway.chat(request("a/m1", u2));
      BudgetStatus team = gateway.budgets().status(BudgetScope.team("support")).get(0);
      assertThat(team.spent()).isEqualTo(Money.usd("0.03"));
      assertThat(team.reserved()).isEqualTo(Money.ZERO);
      assertThat(team.remaining()).isEqualTo(Money.usd("0.97"));
    }
  }

  @Test
  void alertFiresOncePerWindow() {
    a.always("m1", usage(10_000, 0)); // $0.01 per call
    try (GatewayClient gateway =
        priced()
            .budget(b -> b.scope(BudgetScope.global()).daily(Money.usd("0.05")).alertAt(50))
            .build()) {
      for (int i = 0; i < 4; i++) {
        gateway.chat(request("a/m1", RequestContext.EMPTY));
      }
      assertThat(alerts.reached).hasSize(1);
      assertThat(alerts.reached.get(0).spent()).isEqualTo(Money.usd("0.03"));
      clock.advance(Duration.ofDays(1));
      for (int i = 0; i < 4; i++) {
        gateway.chat(request("a/m1", RequestContext.EMPTY));
      }
      assertThat(alerts.reached).hasSize(2);
      assertThat(alerts.reached.get(1).windowStart()).isAfter(alerts.reached.get(0).windowStart());
    }
  }

  @Test
  void refusedCallIsDowngradedToTheBudgetsCheaperAlias() {
    a.always("m1", usage(10_000, 0));
    a.always("cheap", usage(1, 1));
    try (GatewayClient gateway =
        priced()
            .alias("cheap", s -> s.target("a", "cheap"))
            .alias("smart", s -> s.target("a", "m1"))
            .budget(
                b ->
                    b.scope(BudgetScope.model("a", "m1"))
                        .lifetime(Money.usd("0.0001"))
                        .downgradeTo("cheap"))
            .build()) {
      ChatResponse r = gateway.chat(request("smart", RequestContext.EMPTY));
      assertThat(r.route().target().model()).isEqualTo("cheap");
      assertThat(alerts.downgrades).containsExactly("smart->cheap");
    }
  }

  @Test
  void unknownPricePolicyDecidesWhetherUnpricedModelsRunUnderABudget() {
    try (GatewayClient allow =
        priced().budget(b -> b.scope(BudgetScope.global()).daily(Money.usd("1"))).build()) {
      assertThat(allow.chat(request("a/unpriced", RequestContext.EMPTY)).cost())
          .isEqualTo(Cost.UNKNOWN);
    }
    try (GatewayClient reject =
        priced()
            .budget(b -> b.scope(BudgetScope.global()).daily(Money.usd("1")))
            .unknownPricePolicy(UnknownPricePolicy.REJECT)
            .build()) {
      assertThatThrownBy(() -> reject.chat(request("a/unpriced", RequestContext.EMPTY)))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("a/unpriced")
          .hasMessageContaining("UnknownPricePolicy.REJECT");
      // A priced model still runs.
      reject.chat(request("a/m1", RequestContext.EMPTY));
    }
  }

  @Test
  void failedAttemptReleasesItsReservation() {
    a.then("m1", ScriptedProvider.fail(ErrorKind.INVALID_REQUEST));
    try (GatewayClient gateway =
        priced().budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd("1"))).build()) {
      assertThatThrownBy(() -> gateway.chat(request("a/m1", RequestContext.EMPTY)));
      BudgetStatus s = gateway.budgets().status(BudgetScope.global()).get(0);
      assertThat(s.reserved()).isEqualTo(Money.ZERO);
      assertThat(s.spent()).isEqualTo(Money.ZERO);
    }
  }

  @Test
  void builderRejectsBadBudgetsAndPricesWithTheValue() {
    assertThatThrownBy(() -> GatewayClient.builder().budget(b -> b.daily(Money.usd("-1"))))
        .isInstanceOf(dev.llmgateway.error.ConfigurationException.class)
        .hasMessageContaining("-$1");
    assertThatThrownBy(() -> GatewayClient.builder().budget(b -> b.alertAt(120)))
        .hasMessageContaining("120");
    assertThatThrownBy(() -> GatewayClient.builder().budget(b -> b.scope(BudgetScope.global())))
        .hasMessageContaining("needs a limit");
    assertThatThrownBy(
            () ->
                priced()
                    .prices(p -> p.model("openai", "ft", Money.usd("2500"), Money.usd("1")))
                    .build())
        .isInstanceOf(dev.llmgateway.error.ConfigurationException.class)
        .hasMessageContaining("openai/ft")
        .hasMessageContaining("input");
    assertThatThrownBy(
            () -> priced().budget(b -> b.lifetime(Money.usd("1")).downgradeTo("nope")).build())
        .hasMessageContaining("nope");
  }

  @Test
  void hedgedLoserThatAnswersLateIsSettledAndNothingStaysReserved() throws Exception {
    ScriptedProvider b = new ScriptedProvider("b");
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch primaryEntered = new java.util.concurrent.CountDownLatch(1);
    a.always(
        "m1",
        (p, r, c) -> {
          primaryEntered.countDown();
          // Ignores cancellation: answers (and is paid for) after the hedge has won.
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return usage(10_000, 0).run(p, r, c);
        });
    // The hedge answers only once the primary is in flight, however late its thread starts.
    b.always(
        "m1",
        (p, r, c) -> {
          try {
            assertThat(primaryEntered.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return usage(20_000, 0).run(p, r, c);
        });
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newCachedThreadPool();
    try (GatewayClient gateway =
        builder(a, b)
            .clock(clock)
            .executor(executor)
            .prices(p -> p.model("scripted", "m1", ONE_PER_MILLION, ONE_PER_MILLION))
            .budget(x -> x.scope(BudgetScope.global()).lifetime(Money.usd("1")))
            .alias(
                "hedged",
                s ->
                    s.target("a", "m1")
                        .target("b", "m1")
                        .strategy(dev.llmgateway.routing.RoutingStrategy.ordered())
                        .hedge(Duration.ofMillis(20)))
            .build()) {
      ChatResponse r = gateway.chat(request("hedged", RequestContext.EMPTY));
      assertThat(r.route().target().provider()).isEqualTo("b");
      assertThat(r.cost().amount()).isEqualTo(Money.usd("0.02"));
      release.countDown();
      executor.shutdown();
      assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      BudgetStatus s = gateway.budgets().status(BudgetScope.global()).get(0);
      assertThat(s.reserved()).isEqualTo(Money.ZERO);
      assertThat(s.spent()).isEqualTo(Money.usd("0.03"));
    }
  }

  @Test
  void catalogPricesAndContextWindowsFeedRoutingWhenTargetsSetNone() {
    try (GatewayClient gateway =
        builder(a)
            .alias(
                "cheapest",
                s ->
                    s.target("a", "gpt-4o")
                        .target("a", "gpt-4o-mini")
                        .strategy(dev.llmgateway.routing.RoutingStrategy.lowestCost()))
            .alias(
                "long",
                s ->
                    s.target("a", "gpt-4o")
                        .target("a", "gpt-4.1")
                        .strategy(dev.llmgateway.routing.RoutingStrategy.ordered()))
            .build()) {
      assertThat(
              gateway
                  .explain(ChatRequest.builder().model("cheapest").user("hi").build())
                  .targets()
                  .get(0)
                  .model())
          .isEqualTo("gpt-4o-mini");
      // gpt-4o's 128k window (from the catalog) cannot hold 200k output tokens; gpt-4.1 can.
      assertThat(
              gateway
                  .explain(
                      ChatRequest.builder().model("long").user("hi").maxTokens(200_000).build())
                  .targets())
          .extracting(dev.llmgateway.model.TargetRef::model)
          .containsExactly("gpt-4.1");
    }
  }

  // ------------------------------------------------------------------ ledger windows

  @Test
  void dailyAndMonthlyWindowsRollOverAtMidnightInTheConfiguredZone() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    BudgetLedger ledger = BudgetLedger.inMemory(tokyo);
    Budget daily = new Budget(BudgetScope.global(), BudgetWindow.DAILY, Money.usd("1"), 0, null);
    Budget monthly =
        new Budget(BudgetScope.team("x"), BudgetWindow.MONTHLY, Money.usd("1"), 0, null);
    Budget lifetime =
        new Budget(BudgetScope.user("x"), BudgetWindow.LIFETIME, Money.usd("5"), 0, null);
    List<Budget> all = List.of(daily, monthly, lifetime);
    Instant beforeMidnight = at(tokyo, "2026-01-31T23:59:59");
    Instant afterMidnight = at(tokyo, "2026-02-01T00:00:00");
    // 23:59:59 in Tokyo is 14:59:59 UTC: a UTC ledger would not roll over here.
    ledger.reserve(all, Money.usd("0.9"), beforeMidnight).settle(Money.usd("0.9"));
    assertThatThrownBy(() -> ledger.reserve(all, Money.usd("0.2"), beforeMidnight))
        .isInstanceOf(BudgetExceededException.class);

    Reservation r = ledger.reserve(all, Money.usd("0.2"), afterMidnight);
    assertThat(ledger.status(daily, afterMidnight).reserved()).isEqualTo(Money.usd("0.2"));
    assertThat(ledger.status(daily, afterMidnight).spent()).isEqualTo(Money.ZERO);
    assertThat(ledger.status(daily, afterMidnight).windowStart()).isEqualTo(afterMidnight);
    assertThat(ledger.status(monthly, afterMidnight).spent()).isEqualTo(Money.ZERO);
    assertThat(ledger.status(lifetime, afterMidnight).spent()).isEqualTo(Money.usd("0.9"));
    r.settle(Money.usd("0.1"));
    assertThat(r.release()).isFalse(); // ended once
    assertThat(ledger.status(lifetime, afterMidnight).spent()).isEqualTo(Money.usd("1.0"));
    // Within February the monthly window holds.
    assertThat(ledger.status(monthly, at(tokyo, "2026-02-28T23:00:00")).spent())
        .isEqualTo(Money.usd("0.1"));
    assertThat(ledger.status(monthly, at(tokyo, "2026-03-01T00:00:00")).spent())
        .isEqualTo(Money.ZERO);
  }

  @Test
  void reservationSettledAfterRolloverCountsInTheWindowItWasMadeIn() {
    ZoneId ny = ZoneId.of("America/New_York");
    BudgetLedger ledger = BudgetLedger.inMemory(ny);
    Budget daily = new Budget(BudgetScope.global(), BudgetWindow.DAILY, Money.usd("1"), 0, null);
    Reservation r = ledger.reserve(List.of(daily), Money.usd("0.5"), at(ny, "2026-03-07T23:00:00"));
    Instant next = at(ny, "2026-03-08T01:00:00");
    ledger.reserve(List.of(daily), Money.usd("0.9"), next).release();
    r.settle(Money.usd("0.5"));
    assertThat(ledger.status(daily, next).spent()).isEqualTo(Money.ZERO);
    assertThat(ledger.status(daily, next).reserved()).isEqualTo(Money.ZERO);
  }

  private static Instant at(ZoneId zone, String local) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }
}
