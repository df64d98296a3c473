package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.RoutingStrategy.Candidate;
import dev.llmgateway.spi.Capabilities;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingTest {

  @Test
  void sendsTrafficInProportionToWeights() {
    ScriptedProvider a = new ScriptedProvider("a");
    ScriptedProvider b = new ScriptedProvider("b");
    ScriptedProvider c = new ScriptedProvider("c");
    int calls = 100_000;
    try (GatewayClient gateway =
        builder(a, b, c)
            .alias("fast", s -> s.target("a", "m1", 60).target("b", "m2", 30).target("c", "m3", 10))
            .build()) {
      ChatRequest request = request("fast");
      for (int i = 0; i < calls; i++) {
        gateway.chat(request);
      }
    }
    assertThat(share(a, calls)).isCloseTo(0.60, within(0.01));
    assertThat(share(b, calls)).isCloseTo(0.30, within(0.01));
    assertThat(share(c, calls)).isCloseTo(0.10, within(0.01));
  }

  @Test
  void normalizesWeightsOverTheTargetsLeftAfterCapabilityFiltering() {
    ScriptedProvider noTools =
        new ScriptedProvider("plain", new Capabilities(true, true, false, true, true, false));
    ScriptedProvider b = new ScriptedProvider("b");
    ScriptedProvider c = new ScriptedProvider("c");
    int calls = 20_000;
    ChatRequest withTools =
        ChatRequest.builder()
            .model("fast")
            .user("weather?")
            .tool(ToolDefinition.of("get_weather", null, Map.of("type", "object")))
            .build();
    try (GatewayClient gateway =
        builder(noTools, b, c)
            .alias(
                "fast",
                s -> s.target("plain", "m1", 50).target("b", "m2", 30).target("c", "m3", 20))
            .build()) {
      for (int i = 0; i < calls; i++) {
        gateway.chat(withTools);
      }
    }
    assertThat(noTools.calls).isEmpty();
    assertThat(share(b, calls)).isCloseTo(0.60, within(0.015));
    assertThat(share(c, calls)).isCloseTo(0.40, within(0.015));
  }

  @Test
  void weightedStrategyPicksPrimaryInProportionToWeights() {
    RoutingStrategy weighted = RoutingStrategy.weighted();
    List<Candidate> candidates =
        List.of(
            new Candidate(new TargetRef("p", "x"), 70),
            new Candidate(new TargetRef("p", "y"), 20),
            new Candidate(new TargetRef("p", "z"), 10));
    Random random = new Random(7);
    Map<String, Integer> primaries = new HashMap<>();
    int picks = 100_000;
    for (int i = 0; i < picks; i++) {
      List<Candidate> order = weighted.order(candidates, random);
      assertThat(order).containsExactlyInAnyOrderElementsOf(candidates);
      primaries.merge(order.get(0).target().model(), 1, Integer::sum);
    }
    assertThat(primaries.get("x") / (double) picks).isCloseTo(0.70, within(0.01));
    assertThat(primaries.get("y") / (double) picks).isCloseTo(0.20, within(0.01));
    assertThat(primaries.get("z") / (double) picks).isCloseTo(0.10, within(0.01));
  }

  @Test
  void planListsPrimaryThenOtherTargetsThenFallbacksWithoutDuplicates() {
    ScriptedProvider a = new ScriptedProvider("a");
    ScriptedProvider b = new ScriptedProvider("b");
    RecordingListener listener = new RecordingListener();
    try (GatewayClient gateway =
        builder(a, b)
            .eventListener(listener)
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .strategy(RoutingStrategy.ordered())
                        .fallback("a/m1")
                        .fallback("smart")
                        .fallback("b/m9"))
            .alias("smart", s -> s.target("b", "big").target("a", "m1"))
            .build()) {
      gateway.chat(request("fast"));
    }
    assertThat(listener.lastPlan)
        .containsExactly(
            new TargetRef("a", "m1"),
            new TargetRef("b", "m2"),
            new TargetRef("b", "big"),
            new TargetRef("b", "m9"));
  }

  @Test
  void aCustomStrategyThatReordersTheListItIsGivenGetsAListOfItsOwnOnEveryCall() {
    ScriptedProvider a = new ScriptedProvider("a");
    ScriptedProvider b = new ScriptedProvider("b");
    ScriptedProvider c = new ScriptedProvider("c");
    RoutingStrategy reverse =
        (candidates, random) -> {
          java.util.Collections.reverse(candidates);
          return candidates;
        };
    try (GatewayClient gateway =
        builder(a, b, c)
            .alias(
                "fast",
                s -> s.target("a", "m1").target("b", "m2").target("c", "m3").strategy(reverse))
            .build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(gateway.explain(request("fast")).steps().get(0).target())
            .isEqualTo(new TargetRef("c", "m3"));
        assertThat(gateway.chat(request("fast")).route().target())
            .isEqualTo(new TargetRef("c", "m3"));
      }
    }
  }

  @Test
  void aStrategyThatDoesNotReturnAPermutationIsNamedInTheError() {
    ScriptedProvider a = new ScriptedProvider("a");
    ScriptedProvider b = new ScriptedProvider("b");
    RoutingStrategy firstOnly = (candidates, random) -> List.of(candidates.get(0));
    try (GatewayClient gateway =
        builder(a, b)
            .alias("fast", s -> s.target("a", "m1").target("b", "m2").strategy(firstOnly))
            .build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.chat(request("fast")))
          .hasMessageContaining("of alias 'fast' returned [")
          .hasMessageContaining("which is not a permutation of [");
    }
  }

  @Test
  void roundRobinRotatesThePrimary() {
    RoutingStrategy rr = RoutingStrategy.roundRobin();
    List<Candidate> candidates =
        List.of(
            new Candidate(new TargetRef("p", "x"), 1), new Candidate(new TargetRef("p", "y"), 5));
    Random random = new Random(1);
    assertThat(rr.order(candidates, random).get(0).target().model()).isEqualTo("x");
    assertThat(rr.order(candidates, random).get(0).target().model()).isEqualTo("y");
    assertThat(rr.order(candidates, random).get(0).target().model()).isEqualTo("x");
  }

  @Test
  void seededClientsRouteReproducibly() {
    List<String> first = routes(99);
    List<String> second = routes(99);
    assertThat(first).isEqualTo(second).hasSize(50);
  }

  private static List<String> routes(long seed) {
    ScriptedProvider a = new ScriptedProvider("a");
    ScriptedProvider b = new ScriptedProvider("b");
    try (GatewayClient gateway =
        builder(a, b).seed(seed).alias("fast", s -> s.target("a", "m").target("b", "m")).build()) {
      return java.util.stream.IntStream.range(0, 50)
          .mapToObj(i -> gateway.chat(request("fast")).route().target().provider())
          .toList();
    }
  }

  private static double share(ScriptedProvider p, int calls) {
    return p.calls.size() / (double) calls;
  }
}
