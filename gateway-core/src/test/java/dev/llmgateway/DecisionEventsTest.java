package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.routing.RoutingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The events that explain the gateway's decisions: fallback, cache, budgets, quotas. */
class DecisionEventsTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final List<String> events = new CopyOnWriteArrayList<>();

  private final GatewayEventListener listener =
      new GatewayEventListener() {
        @Override
        public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {
          events.add("fallback " + from + " -> " + to + " " + reason);
        }

        @Override
        public void cacheMiss(CallInfo call) {
          events.add("cacheMiss " + call.model());
        }

        @Override
        public void cacheStored(CallInfo call) {
          events.add("cacheStored " + call.model());
        }

        @Override
        public void cacheHit(CallInfo call, dev.llmgateway.model.Cost savedCost) {
          events.add("cacheHit " + call.model());
        }

        @Override
        public void budgetReserved(CallInfo call, TargetRef target, Money amount) {
          events.add("budgetReserved " + target + " " + amount.toUsd().toPlainString());
        }

        @Override
        public void budgetSettled(CallInfo call, TargetRef target, Money reserved, Money actual) {
          events.add("budgetSettled " + target + " " + actual.toUsd().toPlainString());
        }

        @Override
        public void budgetReleased(CallInfo call, TargetRef target, Money reserved) {
          events.add("budgetReleased " + target + " " + reserved.toUsd().toPlainString());
        }

        @Override
        public void budgetRejected(
            CallInfo call, TargetRef target, BudgetExceededException reason) {
          events.add("budgetRejected " + target);
        }

        @Override
        public void quotaRejected(CallInfo call, QuotaExceededException reason) {
          events.add("quotaRejected " + reason.scope());
        }
      };

  @Test
  void fallbackNamesTheFailedTargetTheNextOneAndTheReason() {
    a.always("m1", fail(ErrorKind.NOT_FOUND));
    try (GatewayClient gateway =
        builder(a, b)
            .eventListener(listener)
            .alias(
                "fast",
                s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()))
            .build()) {
      gateway.chat(TestSupport.request("fast"));
    }
    assertThat(events).containsExactly("fallback a/m1 -> b/m2 NOT_FOUND");
  }

  @Test
  void cacheReportsMissStoreAndHit() {
    try (GatewayClient gateway =
        builder(a)
            .eventListener(listener)
            .cache(c -> {})
            .alias("faq", s -> s.target("a", "m1").cacheTtl(Duration.ofMinutes(5)))
            .build()) {
      gateway.chat(TestSupport.request("faq"));
      gateway.chat(TestSupport.request("faq"));
    }
    assertThat(events).containsExactly("cacheMiss faq", "cacheStored faq", "cacheHit faq");
  }

  @Test
  void budgetsReportReserveSettleReleaseAndReject() {
    // $1 per million tokens; "hello" is 2 estimated tokens; the scripted answer uses 10 + 5.
    b.then("m1", fail(ErrorKind.INVALID_REQUEST));
    try (GatewayClient gateway =
        builder(a, b)
            .eventListener(listener)
            .tokenEstimator(QuarterTokenEstimator.INSTANCE)
            .prices(
                p ->
                    p.model("scripted", "m1", Money.usd("1"), Money.usd("1"))
                        .model("scripted", "m2", Money.usd("1"), Money.usd("1")))
            .budget(s -> s.scope(BudgetScope.global()).lifetime(Money.usd("0.0001")))
            .build()) {
      gateway.chat(ask("a/m1", 8));
      catchThrowable(() -> gateway.chat(ask("b/m1", 8)));
      assertThat(catchThrowable(() -> gateway.chat(ask("a/m1", 200))))
          .isInstanceOf(BudgetExceededException.class);
    }
    assertThat(events)
        .containsExactly(
            "budgetReserved a/m1 0.000010000",
            "budgetSettled a/m1 0.000015000",
            "budgetReserved b/m1 0.000010000",
            "budgetReleased b/m1 0.000010000",
            "budgetRejected a/m1");
  }

  @Test
  void quotaReportsItsRefusal() {
    try (GatewayClient gateway =
        builder(a)
            .eventListener(listener)
            .quota(q -> q.scope(QuotaScope.global()).requestsPerDay(1))
            .build()) {
      gateway.chat(TestSupport.request("a/m1"));
      catchThrowable(() -> gateway.chat(TestSupport.request("a/m1")));
    }
    assertThat(events).containsExactly("quotaRejected global: 1 requests/day");
  }

  @Test
  void aChatsFinishReasonComesBetweenItsEndAndItsUsage() {
    List<String> order = new CopyOnWriteArrayList<>();
    GatewayEventListener ends =
        new GatewayEventListener() {
          @Override
          public void callEnd(CallInfo call, dev.llmgateway.model.Route route) {
            order.add("callEnd " + call.kind());
          }

          @Override
          public void chatFinished(CallInfo call, dev.llmgateway.model.FinishReason reason) {
            order.add("chatFinished " + call.kind() + " " + reason);
          }

          @Override
          public void callUsage(
              CallInfo call,
              dev.llmgateway.model.Route route,
              dev.llmgateway.model.Usage usage,
              dev.llmgateway.model.Cost cost) {
            order.add("callUsage " + call.kind() + " " + usage.inputTokens());
          }
        };
    try (GatewayClient gateway = builder(a).eventListener(ends).build()) {
      gateway.chat(TestSupport.request("a/m1"));
      try (ChatStream stream = gateway.stream(TestSupport.request("a/m1"))) {
        stream.forEach(chunk -> {});
        assertThat(order).hasSize(6);
      }
    }
    assertThat(order)
        .containsExactly(
            "callEnd CHAT",
            "chatFinished CHAT STOP",
            "callUsage CHAT 10",
            "callEnd STREAM",
            "chatFinished STREAM STOP",
            "callUsage STREAM 3");
  }

  @Test
  void eachProviderIsReportedReadyWhenTheClientIsBuilt() {
    List<String> ready = new CopyOnWriteArrayList<>();
    GatewayEventListener providers =
        new GatewayEventListener() {
          @Override
          public void providerReady(
              String provider, String type, @org.jspecify.annotations.Nullable String address) {
            ready.add(provider + " " + type + " " + address);
          }
        };
    try (GatewayClient gateway = builder(a, b).eventListener(providers).build()) {
      assertThat(ready).containsExactlyInAnyOrder("a scripted null", "b scripted null");
      gateway.chat(TestSupport.request("a/m1"));
    }
    assertThat(ready).hasSize(2);
  }

  private static ChatRequest ask(String model, int maxTokens) {
    return ChatRequest.builder().model(model).user("hello").maxTokens(maxTokens).build();
  }
}
