package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A call that every target of its alias admits is planned from the alias's expansion worked out
 * once per configuration; {@code explain} always decides target by target. On random configurations
 * (overlapping aliases, fallback chains with cycles, disabled aliases, direct fallbacks, default
 * fallbacks, context windows, providers lacking capabilities, endpoint modes and a stored answer to
 * continue, custom strategies, weighted and round-robin key pools) and random requests, the plan a
 * call gets is the one {@code explain} predicts for it, and a call that cannot be routed fails as
 * {@code explain} does.
 */
class PlanExpansionPropertyTest {
  private static final String[] PROVIDERS = {"all", "chatOnly", "noStream"};
  private static final Capabilities[] CAPABILITIES = {
    Capabilities.ALL, Capabilities.CHAT_ONLY, new Capabilities(true, false, true, true, true, false)
  };
  private static final String[] MODELS = {"m1", "m2", "m3"};
  private static final int[] WINDOWS = {0, 0, 0, 300, 5_000, 200_000};
  private static final String LONG_TEXT = "word ".repeat(2_000);

  /** A custom strategy: the list rotated by a random amount, reversed. */
  private static final RoutingStrategy ROTATE =
      (candidates, random) -> {
        List<RoutingStrategy.Candidate> out = new ArrayList<>(candidates);
        java.util.Collections.rotate(out, random.nextInt(out.size()));
        java.util.Collections.reverse(out);
        return out;
      };

  @Test
  void aCallIsPlannedAsExplainPredicts() {
    int compared = 0;
    int planned = 0;
    for (int seed = 0; seed < 150; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      RecordingListener listener = new RecordingListener();
      int aliases = 1 + random.nextInt(5);
      try (GatewayClient gateway = client(random, aliases, seed, listener)) {
        for (int call = 0; call < 12; call++) {
          ChatRequest request = request(random, aliases);
          boolean stream = random.nextInt(4) == 0;
          String why = "seed " + seed + ", call " + call + ", stream " + stream + ": " + request;
          RoutePlan predicted;
          try {
            predicted = stream ? gateway.explainStream(request) : gateway.explain(request);
          } catch (NoRouteException e) {
            assertThatThrownBy(() -> run(gateway, request, stream))
                .as(why)
                .isInstanceOf(NoRouteException.class);
            compared++;
            continue;
          }
          listener.lastPlan = null;
          run(gateway, request, stream);
          List<TargetRef> expected = new ArrayList<>();
          for (RoutePlan.Step s : predicted.steps()) {
            expected.add(s.target());
          }
          assertThat(listener.lastPlan).as(why).isEqualTo(expected);
          compared++;
          planned++;
        }
      }
    }
    assertThat(compared).isEqualTo(150 * 12);
    // Most calls are routed, a few are refused: both sides are compared.
    assertThat(planned).isBetween(compared / 2, compared - 20);
  }

  private static void run(GatewayClient gateway, ChatRequest request, boolean stream) {
    if (stream) {
      try (ChatStream s = gateway.stream(request)) {
        assertThat(s.stream().count()).isPositive();
      }
    } else {
      gateway.chat(request);
    }
  }

  private static GatewayClient client(
      SplittableRandom random, int aliases, long seed, RecordingListener listener) {
    ScriptedProvider[] providers = new ScriptedProvider[PROVIDERS.length];
    for (int i = 0; i < providers.length; i++) {
      providers[i] = new ScriptedProvider(PROVIDERS[i], CAPABILITIES[i]);
    }
    GatewayClient.Builder b =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(providers))
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .eventListener(listener)
            .seed(seed);
    for (String name : PROVIDERS) {
      int keys = 1 + random.nextInt(3);
      boolean roundRobin = random.nextInt(3) == 0;
      b.provider(
          name,
          p -> {
            p.type("scripted");
            for (int k = 0; k < keys; k++) {
              p.key("k" + k, Secret.of(TestSupport.FAKE_KEY), 1 + random.nextInt(5));
            }
            if (roundRobin) {
              p.keySelection(ProviderSpec.KeySelection.ROUND_ROBIN);
            }
          });
    }
    for (int a = 0; a < aliases; a++) {
      int self = a;
      b.alias("x" + a, s -> alias(s, random, self, aliases));
    }
    if (random.nextBoolean()) {
      b.defaultFallback(fallback(random, aliases));
    }
    return b.build();
  }

  private static void alias(AliasSpec s, SplittableRandom random, int self, int aliases) {
    List<String> used = new ArrayList<>();
    int targets = 1 + random.nextInt(4);
    while (used.size() < targets) {
      String provider = PROVIDERS[random.nextInt(PROVIDERS.length)];
      String model = MODELS[random.nextInt(MODELS.length)];
      if (used.contains(provider + "/" + model)) {
        continue;
      }
      used.add(provider + "/" + model);
      int weight = 1 + random.nextInt(100);
      int window = WINDOWS[random.nextInt(WINDOWS.length)];
      boolean oneKey = random.nextInt(4) == 0;
      boolean responses = random.nextInt(3) == 0;
      s.target(
          provider,
          model,
          t -> {
            t.weight(weight);
            if (window > 0) {
              t.contextWindow(window);
            }
            if (oneKey) {
              t.key("k0");
            }
            if (responses) {
              t.endpointMode(EndpointMode.RESPONSES);
            }
          });
    }
    switch (random.nextInt(3)) {
      case 0 -> s.strategy(RoutingStrategy.ordered());
      case 1 -> s.strategy(ROTATE);
      default -> s.strategy(RoutingStrategy.weighted());
    }
    int fallbacks = random.nextInt(4);
    List<String> named = new ArrayList<>();
    for (int f = 0; f < fallbacks; f++) {
      String name = fallback(random, aliases);
      if (!named.contains(name) && !name.equals("x" + self)) {
        named.add(name);
        s.fallback(name);
      }
    }
    // The first alias stays enabled so that some calls route.
    if (self > 0 && random.nextInt(6) == 0) {
      s.enabled(false);
    }
  }

  private static String fallback(SplittableRandom random, int aliases) {
    return random.nextBoolean()
        ? "x" + random.nextInt(aliases)
        : PROVIDERS[random.nextInt(PROVIDERS.length)] + "/" + MODELS[random.nextInt(3)];
  }

  private static ChatRequest request(SplittableRandom random, int aliases) {
    ChatRequest.Builder r = ChatRequest.builder().model("x" + random.nextInt(aliases));
    switch (random.nextInt(8)) {
      case 0 -> r.user(LONG_TEXT);
      case 1 ->
          r.message(
              Message.user(ContentPart.text("look"), ContentPart.imageUrl("https://x/y.png")));
      default -> r.user("hello");
    }
    if (random.nextInt(5) == 0) {
      r.tool(ToolDefinition.of("get_weather", null, Map.of("type", "object")));
    }
    if (random.nextInt(6) == 0) {
      r.responseFormat(ResponseFormat.JSON_OBJECT);
    }
    if (random.nextInt(8) == 0) {
      // Held by no one routing knows of: only targets that can reach stored answers qualify.
      r.previousResponseId("resp_unknown");
    }
    if (random.nextInt(3) == 0) {
      r.maxTokens(random.nextBoolean() ? 100 : 10_000);
    }
    return r.build();
  }
}
