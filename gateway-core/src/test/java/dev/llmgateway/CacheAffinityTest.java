package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolDefinition;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Cache-aware routing: a conversation stays on one target and key while the cache is warm. */
class CacheAffinityTest {
  private static final String MANUAL = "You answer questions about the manual. ".repeat(50);
  private static final TargetRef X = new TargetRef("x", "m");
  private static final TargetRef Y = new TargetRef("y", "m");

  private final ScriptedProvider x = new ScriptedProvider("x");
  private final ScriptedProvider y = new ScriptedProvider("y");

  /** Two providers with two keys each, seeded, no backoff pauses. */
  private GatewayClient.Builder builder() {
    GatewayClient.Builder b =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(x, y))
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .seed(42);
    for (ScriptedProvider p : List.of(x, y)) {
      b.provider(
          p.name,
          s ->
              s.type("scripted")
                  .key("k1", Secret.of("secret-1-" + p.name), 1)
                  .key("k2", Secret.of("secret-2-" + p.name), 1));
    }
    return b;
  }

  private static ChatRequest ask(String model, String question, String tenant) {
    return ChatRequest.builder()
        .model(model)
        .message(Message.system(MANUAL).cacheable())
        .user(question)
        .context(RequestContext.tenant(tenant))
        .build();
  }

  private static String served(ChatResponse r) {
    return r.route().target() + "#" + r.route().keyId();
  }

  @Test
  void conversationStaysOnOneTargetAndKeyWhileWeightedRoutingScattersIt() {
    try (GatewayClient gateway =
        builder()
            .alias("plain", a -> a.target("x", "m", 50).target("y", "m", 50))
            .alias("sticky", a -> a.target("x", "m", 50).target("y", "m", 50).cacheAffinity())
            .build()) {
      Set<String> plain = new HashSet<>();
      Set<TargetRef> plainTargets = new HashSet<>();
      Set<String> sticky = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        ChatResponse p = gateway.chat(ask("plain", "Question " + i, "acme"));
        plain.add(served(p));
        plainTargets.add(p.route().target());
        sticky.add(served(gateway.chat(ask("sticky", "Question " + i, "acme"))));
      }
      assertThat(plainTargets).containsExactlyInAnyOrder(X, Y);
      assertThat(plain.size()).isGreaterThan(2);
      assertThat(sticky).hasSize(1);
      String kept = sticky.iterator().next();
      assertThat(gateway.explain(ask("sticky", "Question 21", "acme")).resolution())
          .endsWith("cache affinity: kept on " + kept);
      assertThat(gateway.explain(ask("sticky", "Question 21", "acme")).steps().get(0).reason())
          .isEqualTo("cache affinity: kept on " + kept);
    }
    assertThat(x.calls.size() + y.calls.size()).isEqualTo(40);
  }

  @Test
  void promptCacheKeyNamesTheConversationAndMarkersNeedNotBeThere() {
    try (GatewayClient gateway =
        builder()
            .alias("sticky", a -> a.target("x", "m", 50).target("y", "m", 50).cacheAffinity())
            .build()) {
      Set<String> served = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        ChatRequest r =
            ChatRequest.builder()
                .model("sticky")
                .user("Question " + i) // no marker: the key alone names the conversation
                .promptCacheKey("conversation-7")
                .build();
        served.add(served(gateway.chat(r)));
      }
      assertThat(served).hasSize(1);
      // Without a key or a marker, a request is routed as usual.
      RoutePlan plain = gateway.explain(ChatRequest.builder().model("sticky").user("hi").build());
      assertThat(plain.resolution()).doesNotContain("cache affinity");
    }
  }

  @Test
  void affinityGivesWayWhenTheRememberedTargetsBreakerIsOpenAndMovesToWhereTheCallLands() {
    try (GatewayClient gateway =
        builder()
            .circuitBreaker(c -> c.consecutiveFailures(1, Duration.ofMinutes(5)))
            .retriesPerTarget(0)
            .alias("sticky", a -> a.target("x", "m", 50).target("y", "m", 50).cacheAffinity())
            .build()) {
      ChatResponse first = gateway.chat(ask("sticky", "Q1", "acme"));
      TargetRef home = first.route().target();
      TargetRef other = home.equals(X) ? Y : X;
      String key = first.route().keyId();
      // Open the breakers of both keys of the remembered target with two failing direct calls
      // (the second takes the key whose breaker is still closed).
      ScriptedProvider homeProvider = home.equals(X) ? x : y;
      homeProvider.then(
          "m",
          ScriptedProvider.fail(ErrorKind.UNAVAILABLE),
          ScriptedProvider.fail(ErrorKind.UNAVAILABLE));
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> gateway.chat(ask(home.toString(), "probe", "ops")))
            .isInstanceOf(GatewayException.class);
      }
      List<ScriptedProvider.Call> calls = homeProvider.calls;
      assertThat(calls.subList(calls.size() - 2, calls.size()))
          .extracting(ScriptedProvider.Call::keyId)
          .containsExactlyInAnyOrder("k1", "k2");

      RoutePlan explained = gateway.explain(ask("sticky", "Q2", "acme"));
      assertThat(explained.resolution())
          .contains(
              "cache affinity to "
                  + home
                  + "#"
                  + key
                  + " not kept: Circuit '"
                  + home
                  + "#"
                  + key
                  + "' is OPEN");
      ChatResponse second = gateway.chat(ask("sticky", "Q2", "acme"));
      assertThat(second.route().target()).isEqualTo(other);

      // The conversation moved: it now stays where it landed.
      String moved = served(second);
      for (int i = 3; i < 10; i++) {
        assertThat(served(gateway.chat(ask("sticky", "Q" + i, "acme")))).isEqualTo(moved);
      }
    }
  }

  @Test
  void tenantsDoNotShareAffinity() {
    try (GatewayClient gateway =
        builder()
            .retriesPerTarget(0)
            .alias(
                "sticky",
                a ->
                    a.target("x", "m")
                        .target("y", "m")
                        .strategy(RoutingStrategy.ordered())
                        .cacheAffinity())
            .build()) {
      // acme's conversation lands on y, because x fails once.
      x.then("m", ScriptedProvider.fail(ErrorKind.UNAVAILABLE));
      assertThat(gateway.chat(ask("sticky", "Q1", "acme")).route().target()).isEqualTo(Y);
      assertThat(gateway.chat(ask("sticky", "Q2", "acme")).route().target()).isEqualTo(Y);
      // globex sends the very same prefix: its conversation is its own, and starts on x.
      assertThat(gateway.explain(ask("sticky", "Q2", "globex")).resolution())
          .endsWith("cache affinity: new conversation");
      assertThat(gateway.chat(ask("sticky", "Q2", "globex")).route().target()).isEqualTo(X);
      assertThat(gateway.chat(ask("sticky", "Q3", "acme")).route().target()).isEqualTo(Y);
      assertThat(gateway.chat(ask("sticky", "Q3", "globex")).route().target()).isEqualTo(X);
    }
  }

  @Test
  void bindingExpiresItsLifetimeAfterItsLastUse() {
    FakeClock clock = new FakeClock();
    try (GatewayClient gateway = orderedSticky(clock, a -> a.cacheAffinity())) {
      landOnY(gateway);
      // Used every 4 minutes, the 5-minute binding stays.
      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofMinutes(4));
        assertThat(gateway.chat(ask("sticky", "Q" + i, "acme")).route().target()).isEqualTo(Y);
      }
      clock.advance(Duration.ofMinutes(5).plusSeconds(1));
      assertThat(gateway.explain(ask("sticky", "Q", "acme")).resolution())
          .endsWith("cache affinity: new conversation");
      assertThat(gateway.chat(ask("sticky", "Q", "acme")).route().target()).isEqualTo(X);
    }
  }

  @Test
  void explainDoesNotRenewTheBinding() {
    FakeClock clock = new FakeClock();
    try (GatewayClient gateway = orderedSticky(clock, a -> a.cacheAffinity())) {
      landOnY(gateway);
      clock.advance(Duration.ofMinutes(4));
      assertThat(gateway.explain(ask("sticky", "Q", "acme")).resolution()).contains("kept on y/m");
      clock.advance(Duration.ofMinutes(1).plusSeconds(1));
      assertThat(gateway.chat(ask("sticky", "Q", "acme")).route().target()).isEqualTo(X);
    }
  }

  @Test
  void aOneHourMarkerKeepsTheBindingForAnHour() {
    FakeClock clock = new FakeClock();
    try (GatewayClient gateway = orderedSticky(clock, a -> a.cacheAffinity())) {
      ChatRequest.Builder hour =
          ChatRequest.builder()
              .model("sticky")
              .message(Message.system(MANUAL))
              .tool(ToolDefinition.of("lookup", "Looks up a page", Map.of("type", "object")))
              .cacheTools(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR))
              .context(RequestContext.tenant("acme"));
      x.then("m", ScriptedProvider.fail(ErrorKind.UNAVAILABLE));
      assertThat(gateway.chat(hour.user("Q1").build()).route().target()).isEqualTo(Y);
      clock.advance(Duration.ofMinutes(59));
      assertThat(gateway.chat(hour.user("Q2").build()).route().target()).isEqualTo(Y);
      clock.advance(Duration.ofMinutes(60).plusSeconds(1));
      assertThat(gateway.chat(hour.user("Q3").build()).route().target()).isEqualTo(X);
    }
  }

  @Test
  void aConfiguredLifetimeOverridesTheMarkers() {
    FakeClock clock = new FakeClock();
    try (GatewayClient gateway =
        orderedSticky(clock, a -> a.cacheAffinity(Duration.ofSeconds(30)))) {
      landOnY(gateway);
      clock.advance(Duration.ofSeconds(29));
      assertThat(gateway.chat(ask("sticky", "Q", "acme")).route().target()).isEqualTo(Y);
      clock.advance(Duration.ofSeconds(31));
      assertThat(gateway.chat(ask("sticky", "Q", "acme")).route().target()).isEqualTo(X);
    }
  }

  @Test
  void derivedClientsAndNewSnapshotsShareTheBindings() {
    try (GatewayClient gateway = orderedSticky(new FakeClock(), a -> a.cacheAffinity())) {
      landOnY(gateway);
      gateway.replaceConfiguration(gateway.newBuilder());
      assertThat(gateway.chat(ask("sticky", "Q", "acme")).route().target()).isEqualTo(Y);
      try (GatewayClient derived = gateway.newBuilder().build()) {
        assertThat(derived.chat(ask("sticky", "Q", "acme")).route().target()).isEqualTo(Y);
      }
    }
  }

  @Test
  void aDifferentPrefixIsAnotherConversation() {
    try (GatewayClient gateway = orderedSticky(new FakeClock(), a -> a.cacheAffinity())) {
      landOnY(gateway);
      ChatRequest otherManual =
          ChatRequest.builder()
              .model("sticky")
              .message(Message.system(MANUAL + " Be brief.").cacheable())
              .user("Q")
              .context(RequestContext.tenant("acme"))
              .build();
      assertThat(gateway.chat(otherManual).route().target()).isEqualTo(X);
      // Turns after the marked prefix do not change the conversation.
      ChatRequest longer =
          ChatRequest.builder()
              .model("sticky")
              .message(Message.system(MANUAL).cacheable())
              .user("Q1")
              .assistant("A1")
              .user("Q2")
              .context(RequestContext.tenant("acme"))
              .build();
      assertThat(gateway.chat(longer).route().target()).isEqualTo(Y);
    }
  }

  @Test
  void builderRejectsANonPositiveLifetime() {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), null}) {
      assertThatThrownBy(
              () ->
                  GatewayClient.builder()
                      .alias("sticky", a -> a.target("x", "m").cacheAffinity(bad)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Alias 'sticky' cacheAffinity ttl must be positive, was " + bad);
    }
  }

  /** An alias over x then y (ordered) with cache affinity, on the given clock. */
  private GatewayClient orderedSticky(FakeClock clock, Consumer<AliasSpec> affinity) {
    return builder()
        .clock(clock)
        .retriesPerTarget(0)
        .alias(
            "sticky",
            a -> {
              a.target("x", "m").target("y", "m").strategy(RoutingStrategy.ordered());
              affinity.accept(a);
            })
        .build();
  }

  /** The conversation's first call lands on y (x fails once), and the second stays there. */
  private void landOnY(GatewayClient gateway) {
    x.then("m", ScriptedProvider.fail(ErrorKind.UNAVAILABLE));
    assertThat(gateway.chat(ask("sticky", "Q0", "acme")).route().target()).isEqualTo(Y);
    assertThat(gateway.chat(ask("sticky", "Q1", "acme")).route().target()).isEqualTo(Y);
  }
}
