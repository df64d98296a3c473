package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.EndpointMode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RulesTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final ScriptedProvider c = new ScriptedProvider("c");

  private static ChatRequest sized(String model, int chars) {
    return ChatRequest.builder().model(model).user("x".repeat(chars)).build();
  }

  @Test
  void weightsHoldWithinOnePointOverAHundredThousandPicksAfterContextWindowFiltering() {
    int calls = 100_000;
    try (GatewayClient gateway =
        builder(a, b, c)
            .alias(
                "fast",
                s ->
                    s.target("a", "m", t -> t.weight(50).contextWindow(100))
                        .target("b", "m", 30)
                        .target("c", "m", 20))
            .build()) {
      ChatRequest big = sized("fast", 4_000); // 1000 tokens: a's window is too small
      for (int i = 0; i < calls; i++) {
        gateway.chat(big);
      }
    }
    assertThat(a.calls).isEmpty();
    assertThat(b.calls.size() / (double) calls).isCloseTo(0.60, within(0.01));
    assertThat(c.calls.size() / (double) calls).isCloseTo(0.40, within(0.01));
  }

  @Test
  void requestRulesRouteByTenantPriorityAndPromptSize() {
    try (GatewayClient gateway =
        builder(a, b, c)
            .alias("cheap", s -> s.target("a", "m"))
            .alias("premium", s -> s.target("b", "m"))
            .alias("long", s -> s.target("c", "m"))
            .requestRule(r -> r.forModel("auto").priority("high").routeTo("premium"))
            .requestRule(r -> r.forModel("auto").minPromptTokens(1_000).routeTo("long"))
            .requestRule(r -> r.forModel("auto").routeTo("cheap"))
            .build()) {
      ChatRequest high =
          request("auto").toBuilder()
              .context(RequestContext.tenant("acme").tag("priority", "high"))
              .build();
      assertThat(gateway.chat(high).route().target().provider()).isEqualTo("b");
      assertThat(gateway.chat(sized("auto", 8_000)).route().target().provider()).isEqualTo("c");
      assertThat(gateway.chat(request("auto")).route().target().provider()).isEqualTo("a");
      RoutePlan plan = gateway.explain(high);
      assertThat(plan.resolution()).contains("request rule #1").contains("priority=high");
      assertThat(plan.alias()).isEqualTo("premium");
    }
  }

  @Test
  void theRoutingHookComesFirst() {
    try (GatewayClient gateway =
        builder(a, b)
            .alias("one", s -> s.target("a", "m"))
            .alias("two", s -> s.target("b", "m"))
            .routingHook(r -> "vip".equals(r.context().tenant()) ? "two" : null)
            .build()) {
      ChatRequest vip = request("one").toBuilder().context(RequestContext.tenant("vip")).build();
      assertThat(gateway.chat(vip).route().target().provider()).isEqualTo("b");
      assertThat(gateway.chat(request("one")).route().target().provider()).isEqualTo("a");
    }
  }

  @Test
  void modelRulesAndTheDefaultAlias() {
    try (GatewayClient gateway =
        builder(a, b)
            .alias("main", s -> s.target("b", "big"))
            .modelRule("gpt-*", "a")
            .defaultAlias("main")
            .build()) {
      assertThat(gateway.chat(request("gpt-4o")).route().target())
          .isEqualTo(new TargetRef("a", "gpt-4o"));
      assertThat(gateway.chat(request("default")).route().target())
          .isEqualTo(new TargetRef("b", "big"));
      assertThatThrownBy(() -> gateway.chat(request("claude-x")))
          .isInstanceOf(NoRouteException.class);
    }
    try (GatewayClient gateway =
        builder(a, b)
            .alias("main", s -> s.target("b", "big"))
            .defaultAlias("main")
            .unknownModelsToDefault(true)
            .build()) {
      assertThat(gateway.chat(request("claude-x")).route().alias()).isEqualTo("main");
    }
  }

  @Test
  void disabledAliasesAreRefusedAndSkippedAsFallbacks() {
    try (GatewayClient gateway =
        builder(a, b)
            .alias("off", s -> s.target("a", "m").enabled(false))
            .alias("on", s -> s.target("b", "m").fallback("off"))
            .build()) {
      assertThatThrownBy(() -> gateway.chat(request("off")))
          .isInstanceOf(NoRouteException.class)
          .hasMessageContaining("disabled");
      assertThat(gateway.explain(request("on")).targets()).containsExactly(new TargetRef("b", "m"));
    }
  }

  @Test
  void aContextLengthFailureJumpsToALargerContextTarget() {
    ScriptedProvider d = new ScriptedProvider("d");
    a.always("m", fail(ErrorKind.CONTEXT_LENGTH_EXCEEDED));
    try (GatewayClient gateway =
        builder(a, b, c, d)
            .alias(
                "fast",
                s ->
                    s.target("a", "m", t -> t.contextWindow(8_000))
                        .target("b", "m", t -> t.contextWindow(4_000))
                        .target("c", "m", t -> t.contextWindow(8_000))
                        .target("d", "m", t -> t.contextWindow(128_000))
                        .strategy(RoutingStrategy.ordered()))
            .build()) {
      List<Attempt> attempts = gateway.chat(request("fast")).route().attempts();
      assertThat(attempts).extracting(at -> at.target().provider()).containsExactly("a", "d");
    }
  }

  @Test
  void contentFilterFallbackIsConfigurablePerAlias() {
    a.always("m", fail(ErrorKind.CONTENT_FILTERED));
    try (GatewayClient gateway =
        builder(a, b)
            .alias(
                "strict",
                s -> s.target("a", "m").target("b", "m").strategy(RoutingStrategy.ordered()))
            .alias(
                "lenient",
                s ->
                    s.target("a", "m")
                        .target("b", "m")
                        .strategy(RoutingStrategy.ordered())
                        .fallbackOn(ErrorKind.CONTENT_FILTERED, true))
            .build()) {
      assertThatThrownBy(() -> gateway.chat(request("strict")))
          .hasMessageContaining("CONTENT_FILTERED");
      assertThat(gateway.chat(request("lenient")).route().target().provider()).isEqualTo("b");
    }
  }

  @Test
  void targetOverridesAndEndpointModeReachTheProvider() {
    List<ChatRequest> seen = new CopyOnWriteArrayList<>();
    a.always(
        "m",
        (p, r, call) -> {
          seen.add(r);
          assertThat(call.endpointMode()).isEqualTo(EndpointMode.COMPLETIONS);
          return ScriptedProvider.answer("ok").run(p, r, call);
        });
    try (GatewayClient gateway =
        builder(a)
            .alias(
                "x",
                s ->
                    s.target(
                        "a",
                        "m",
                        t ->
                            t.temperature(0.1)
                                .maxTokens(77)
                                .extraParam("top_k", 5)
                                .endpointMode(EndpointMode.COMPLETIONS)))
            .build()) {
      gateway.chat(request("x"));
    }
    assertThat(seen.get(0).temperature()).isEqualTo(0.1);
    assertThat(seen.get(0).maxTokens()).isEqualTo(77);
    assertThat(seen.get(0).extraParams()).containsEntry("top_k", 5);
  }

  @Test
  void lowestCostPicksTheCheapestTargetThatFits() {
    try (GatewayClient gateway =
        builder(a, b, c)
            .alias(
                "cheap",
                s ->
                    s.target("a", "m", t -> t.price(Money.usd("5"), Money.usd("15")))
                        .target(
                            "b",
                            "m",
                            t -> t.price(Money.usd("0.1"), Money.usd("0.4")).contextWindow(10))
                        .target("c", "m", t -> t.price(Money.usd("1"), Money.usd("2")))
                        .strategy(RoutingStrategy.lowestCost()))
            .build()) {
      assertThat(gateway.chat(request("cheap")).route().target().provider()).isEqualTo("b");
      assertThat(gateway.explain(sized("cheap", 400)).targets())
          .extracting(TargetRef::provider)
          .containsExactly("c", "a");
    }
  }

  @Test
  void stickyByUserKeepsAUserOnOneTarget() {
    try (GatewayClient gateway =
        builder(a, b, c)
            .alias(
                "s",
                x ->
                    x.target("a", "m")
                        .target("b", "m")
                        .target("c", "m")
                        .strategy(RoutingStrategy.stickyByUser()))
            .build()) {
      for (String user : List.of("u1", "u2", "u3", "u4")) {
        ChatRequest r =
            request("s").toBuilder().context(RequestContext.tenant("t").user(user)).build();
        TargetRef first = gateway.chat(r).route().target();
        for (int i = 0; i < 20; i++) {
          assertThat(gateway.chat(r).route().target()).isEqualTo(first);
        }
      }
    }
  }

  @Test
  void leastBusyKeepsConfigurationOrderWhenNothingIsInFlight() {
    try (GatewayClient gateway =
        builder(a, b)
            .alias(
                "l", s -> s.target("a", "m").target("b", "m").strategy(RoutingStrategy.leastBusy()))
            .build()) {
      assertThat(gateway.chat(request("l")).route().target().provider()).isEqualTo("a");
    }
  }

  @Test
  void builderRejectsBadRoutingConfigurationNamingTheValue() {
    assertThatThrownBy(
            () -> builder(a).alias("x", s -> s.target("a", "m", t -> t.key("nope"))).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'nope'");
    assertThatThrownBy(() -> builder(a).requestRule(r -> r.tenant("t")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("routeTo");
    assertThatThrownBy(() -> builder(a).modelRule("g*p*", "a"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'g*p*'");
    assertThatThrownBy(() -> builder(a).circuitBreaker(cb -> cb.failureRateThreshold(0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("was 0.0");
    assertThatThrownBy(() -> builder(a).retryBudget(1.5, 1, java.time.Duration.ofSeconds(1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> builder(a).defaultAlias("ghost").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'ghost'");
  }
}
