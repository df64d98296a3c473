package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.GatewayException;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A call continuing a stored Responses answer stays on the account that holds it. */
class ResponsesPinningTest {
  private static final TargetRef X = new TargetRef("x", "m");
  private static final TargetRef Y = new TargetRef("y", "m");

  private final ScriptedProvider x = new ScriptedProvider("x").always("m", unique());
  private final ScriptedProvider y = new ScriptedProvider("y").always("m", unique());

  /** Answers with an id unique across providers and keys. */
  private static ScriptedProvider.Step unique() {
    return (p, r, c) ->
        ChatResponse.of(
            "resp_" + p.name + "_" + c.key().id() + "_" + p.calls.size(),
            p.name,
            r.model(),
            "ok from " + p.name,
            List.of(),
            FinishReason.STOP,
            Usage.of(10, 5));
  }

  /** Two providers with two keys each, seeded, no retries and no backoff pauses. */
  private GatewayClient.Builder builder() {
    GatewayClient.Builder b =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(x, y))
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .retriesPerTarget(0)
            .seed(7);
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

  /** "coder": x (RESPONSES) and y (AUTO), 50/50. */
  private GatewayClient coder() {
    return builder()
        .alias(
            "coder",
            a ->
                a.target("x", "m", t -> t.weight(50).endpointMode(EndpointMode.RESPONSES))
                    .target("y", "m", t -> t.weight(50).endpointMode(EndpointMode.AUTO)))
        .build();
  }

  private static ChatRequest.Builder ask(String tenant) {
    return ChatRequest.builder()
        .model("coder")
        .user("Write a method.")
        .context(RequestContext.tenant(tenant));
  }

  private static String served(ChatResponse r) {
    return r.route().target() + "#" + r.route().keyId();
  }

  @Test
  void continuationsGoToTheTargetAndKeyThatStoredTheAnswerWhileOthersScatter() {
    try (GatewayClient gateway = coder()) {
      ChatResponse stored = gateway.chat(ask("acme").store(true).build());
      Set<String> continued = new HashSet<>();
      Set<String> fresh = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        continued.add(
            served(
                gateway.chat(
                    ask("acme").user("More " + i).previousResponseId(stored.id()).build())));
        fresh.add(served(gateway.chat(ask("acme").user("Other " + i).build())));
      }
      assertThat(continued).containsExactly(served(stored));
      assertThat(fresh.size()).isGreaterThan(1);

      RoutePlan plan = gateway.explain(ask("acme").previousResponseId(stored.id()).build());
      assertThat(plan.steps()).hasSize(1);
      RoutePlan.Step step = plan.steps().get(0);
      assertThat(step.target()).isEqualTo(stored.route().target());
      assertThat(step.keys()).containsExactly(stored.route().keyId());
      assertThat(step.reason())
          .isEqualTo(
              "holds stored response '"
                  + stored.id()
                  + "' (previousResponseId) with key '"
                  + stored.route().keyId()
                  + "': only this key, no fallback");
    }
  }

  @Test
  void whenTheHolderFailsTheCallFailsWithoutFallingBack() {
    try (GatewayClient gateway = coder()) {
      ChatResponse stored = gateway.chat(ask("acme").store(true).build());
      ScriptedProvider holder = stored.route().target().equals(X) ? x : y;
      ScriptedProvider other = holder == x ? y : x;
      int otherCalls = other.calls.size();
      holder.then("m", ScriptedProvider.fail(ErrorKind.UNAVAILABLE));
      assertThatThrownBy(() -> gateway.chat(ask("acme").previousResponseId(stored.id()).build()))
          .isInstanceOf(GatewayException.class);
      assertThat(other.calls).hasSize(otherCalls);
      // A rate-limited key does not move the call to the other key either.
      holder.then("m", ScriptedProvider.fail(ErrorKind.RATE_LIMITED));
      int holderCalls = holder.calls.size();
      assertThatThrownBy(
              () ->
                  gateway.chat(
                      ask("acme")
                          .previousResponseId(stored.id())
                          .timeout(Duration.ofMillis(50))
                          .build()))
          .isInstanceOf(GatewayException.class);
      assertThat(holder.calls.subList(holderCalls, holder.calls.size()))
          .extracting(ScriptedProvider.Call::keyId)
          .containsOnly(stored.route().keyId());
      assertThat(other.calls).hasSize(otherCalls);
    }
  }

  @Test
  void aStoredContinuationIsRememberedInTurn() {
    try (GatewayClient gateway = coder()) {
      ChatResponse first = gateway.chat(ask("acme").store(true).build());
      ChatResponse second =
          gateway.chat(ask("acme").store(true).previousResponseId(first.id()).build());
      assertThat(served(second)).isEqualTo(served(first));
      for (int i = 0; i < 5; i++) {
        ChatResponse next = gateway.chat(ask("acme").previousResponseId(second.id()).build());
        assertThat(served(next)).isEqualTo(served(first));
      }
    }
  }

  @Test
  void anUnknownIdIsPlannedOnlyOnTargetsThatCanReachTheResponsesEndpoint() {
    try (GatewayClient gateway =
        builder()
            .alias(
                "coder",
                a ->
                    a.target("x", "m", 99)
                        .target("y", "m", t -> t.weight(1).endpointMode(EndpointMode.RESPONSES)))
            .alias("chatty", a -> a.target("x", "m"))
            .build()) {
      ChatRequest unknown = ask("acme").previousResponseId("resp_unknown").build();
      for (int i = 0; i < 5; i++) {
        assertThat(gateway.chat(unknown).route().target()).isEqualTo(Y);
      }
      RoutePlan plan = gateway.explain(unknown);
      assertThat(plan.targets()).containsExactly(Y);
      assertThat(plan.skipped())
          .containsExactly(
              new RoutePlan.Skipped(
                  X,
                  "endpoint mode CHAT cannot continue stored response 'resp_unknown'"
                      + " (previousResponseId)"));
      assertThatThrownBy(
              () ->
                  gateway.chat(
                      ChatRequest.builder()
                          .model("chatty")
                          .user("More")
                          .previousResponseId("resp_unknown")
                          .build()))
          .isInstanceOf(NoRouteException.class)
          .hasMessageContaining("cannot continue stored response 'resp_unknown'");
      assertThatThrownBy(
              () ->
                  gateway.chat(
                      ChatRequest.builder()
                          .model("x/m")
                          .user("More")
                          .previousResponseId("resp_unknown")
                          .build()))
          .isInstanceOf(NoRouteException.class)
          .hasMessageContaining("endpoint mode CHAT cannot continue");
    }
  }

  @Test
  void anotherTenantDoesNotReachTheStoredState() {
    try (GatewayClient gateway = coder()) {
      ChatResponse stored = gateway.chat(ask("acme").store(true).build());
      RoutePlan theirs = gateway.explain(ask("globex").previousResponseId(stored.id()).build());
      assertThat(theirs.targets()).containsExactlyInAnyOrder(X, Y);
      assertThat(theirs.steps()).noneMatch(s -> s.reason().contains("holds stored response"));
    }
  }

  @Test
  void answersNotStoredOrFromChatTargetsAreNotRemembered() {
    try (GatewayClient gateway =
        builder()
            .alias(
                "coder",
                a ->
                    a.target("x", "m")
                        .target("y", "m", t -> t.endpointMode(EndpointMode.RESPONSES))
                        .strategy(RoutingStrategy.ordered()))
            .alias(
                "responses",
                a ->
                    a.target("y", "m", t -> t.endpointMode(EndpointMode.RESPONSES))
                        .target("x", "m", t -> t.endpointMode(EndpointMode.RESPONSES)))
            .build()) {
      // Stored, but on x's chat endpoint: nothing to continue there.
      ChatResponse onChat = gateway.chat(ask("acme").store(true).build());
      assertThat(onChat.route().target()).isEqualTo(X);
      assertThat(gateway.explain(ask("acme").previousResponseId(onChat.id()).build()).targets())
          .containsExactly(Y);
      // On a Responses target, but not stored.
      ChatResponse stateless =
          gateway.chat(ChatRequest.builder().model("responses").user("Hi").build());
      RoutePlan plan =
          gateway.explain(
              ChatRequest.builder()
                  .model("responses")
                  .user("More")
                  .previousResponseId(stateless.id())
                  .build());
      assertThat(plan.targets()).hasSize(2);
    }
  }

  @Test
  void aStreamedStoredAnswerIsRememberedOnceReadToItsEnd() {
    y.thenStream(
        "m",
        (r, c) ->
            ScriptedChunkStream.of(
                new ChatChunk("resp_streamed", "m", "", List.of(), null, null),
                ScriptedChunkStream.text("Hello"),
                ScriptedChunkStream.end(Usage.of(3, 1))));
    try (GatewayClient gateway =
        builder()
            .alias(
                "coder",
                a ->
                    a.target("y", "m", t -> t.weight(1).endpointMode(EndpointMode.RESPONSES))
                        .target("x", "m", t -> t.weight(1).endpointMode(EndpointMode.RESPONSES))
                        .strategy(RoutingStrategy.ordered()))
            .build()) {
      String key;
      try (ChatStream stream = gateway.stream(ask("acme").store(true).build())) {
        stream.forEach(chunk -> {});
        assertThat(stream.response().id()).isEqualTo("resp_streamed");
        key = stream.response().route().keyId();
      }
      RoutePlan plan = gateway.explain(ask("acme").previousResponseId("resp_streamed").build());
      assertThat(plan.targets()).containsExactly(Y);
      assertThat(plan.steps().get(0).keys()).containsExactly(key);
    }
  }

  @Test
  void aHolderWhoseKeyIsGoneFailsNamingIt() {
    try (GatewayClient gateway =
        builder()
            .alias(
                "coder",
                a -> a.target("y", "m", t -> t.key("k2").endpointMode(EndpointMode.RESPONSES)))
            .build()) {
      ChatResponse stored = gateway.chat(ask("acme").store(true).build());
      assertThat(stored.route().keyId()).isEqualTo("k2");
      gateway.replaceConfiguration(
          GatewayClient.builder()
              .providerFactory(new ScriptedFactory(x, y))
              .provider("y", s -> s.type("scripted").key("k1", Secret.of("secret-1-y")))
              .alias("coder", a -> a.target("y", "m", t -> t.endpointMode(EndpointMode.RESPONSES)))
              .sharing(gateway));
      assertThatThrownBy(() -> gateway.chat(ask("acme").previousResponseId(stored.id()).build()))
          .isInstanceOf(NoRouteException.class)
          .hasMessageContaining(
              "y/m holds stored response '"
                  + stored.id()
                  + "' (previousResponseId) with key 'k2', which the configuration no longer has");
    }
  }
}
