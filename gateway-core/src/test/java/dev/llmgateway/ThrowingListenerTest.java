package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.routing.RoutingStrategy;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Acceptance 6: a listener that throws on every event changes no call's outcome. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThrowingListenerTest {

  @Test
  void theThrowingListenerOverridesEveryEvent() throws NoSuchMethodException {
    List<String> missing = new ArrayList<>();
    for (Method m : GatewayEventListener.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
        Method own = ThrowEverywhereListener.class.getMethod(m.getName(), m.getParameterTypes());
        if (own.getDeclaringClass() != ThrowEverywhereListener.class) {
          missing.add(m.getName());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void outcomesAreTheSameWithAListenerThatThrowsFromEveryEvent() {
    List<String> quiet = scenarios(GatewayEventListener.NONE);
    List<String> throwing = scenarios(new ThrowEverywhereListener());
    assertThat(quiet)
        .containsExactly(
            "chat: ok from a/m1 via a/m1",
            "stream: ok from a",
            "fallback: ok from b/m2 via b/m2 after 2 failed attempt(s)",
            "cache: first hit=false, second hit=true, provider calls=2",
            "budget: BudgetExceededException, provider calls=0, then ok from a/m1",
            "quota: ok from a/m1, then QuotaExceededException");
    assertThat(throwing).isEqualTo(quiet);
    // The same with the listener composed with others.
    assertThat(
            scenarios(
                GatewayEventListener.of(
                    new ThrowEverywhereListener(),
                    new RecordingListener(),
                    new ThrowEverywhereListener())))
        .isEqualTo(quiet);
  }

  private static List<String> scenarios(GatewayEventListener listener) {
    List<String> out = new ArrayList<>();
    ScriptedProvider a = new ScriptedProvider("a");
    ScriptedProvider b = new ScriptedProvider("b");
    try (GatewayClient gateway =
        builder(a, b)
            .eventListener(listener)
            .cache(c -> {})
            .alias(
                "fast",
                s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()))
            .alias("faq", s -> s.target("b", "m2").cacheTtl(Duration.ofMinutes(5)))
            .build()) {
      ChatResponse chat = gateway.chat(TestSupport.request("a/m1"));
      out.add("chat: " + chat.text() + " via " + chat.route().target());
      try (ChatStream stream = gateway.stream(TestSupport.request("a/m1"))) {
        out.add("stream: " + stream.response().text());
      }
      a.always("m1", fail(ErrorKind.UNAVAILABLE));
      ChatResponse fellBack = gateway.chat(TestSupport.request("fast"));
      out.add(
          "fallback: "
              + fellBack.text()
              + " via "
              + fellBack.route().target()
              + " after "
              + (fellBack.route().attempts().size() - 1)
              + " failed attempt(s)");
      ChatResponse first = gateway.chat(TestSupport.request("faq"));
      ChatResponse second = gateway.chat(TestSupport.request("faq"));
      out.add(
          "cache: first hit="
              + first.route().cacheHit()
              + ", second hit="
              + second.route().cacheHit()
              + ", provider calls="
              + b.calls.size());
    }
    out.add(budget(listener));
    out.add(quota(listener));
    return out;
  }

  private static String budget(GatewayEventListener listener) {
    ScriptedProvider a = new ScriptedProvider("a");
    try (GatewayClient gateway =
        builder(a)
            .eventListener(listener)
            .tokenEstimator(QuarterTokenEstimator.INSTANCE)
            .prices(p -> p.model("scripted", "m1", Money.usd("1"), Money.usd("1")))
            .budget(s -> s.scope(BudgetScope.global()).lifetime(Money.usd("0.0001")))
            .build()) {
      Throwable refused = catchThrowable(() -> gateway.chat(ask("a/m1", 200)));
      int calls = a.calls.size();
      // The refusal released nothing it should keep: a call that fits still runs.
      String then = gateway.chat(ask("a/m1", 50)).text();
      return "budget: "
          + refused.getClass().getSimpleName()
          + ", provider calls="
          + calls
          + ", then "
          + then;
    }
  }

  private static String quota(GatewayEventListener listener) {
    ScriptedProvider a = new ScriptedProvider("a");
    try (GatewayClient gateway =
        builder(a)
            .eventListener(listener)
            .quota(q -> q.scope(QuotaScope.global()).requestsPerDay(1))
            .build()) {
      String first = gateway.chat(TestSupport.request("a/m1")).text();
      Throwable refused = catchThrowable(() -> gateway.chat(TestSupport.request("a/m1")));
      return "quota: " + first + ", then " + refused.getClass().getSimpleName();
    }
  }

  private static ChatRequest ask(String model, int maxTokens) {
    return ChatRequest.builder().model(model).user("hello").maxTokens(maxTokens).build();
  }
}
