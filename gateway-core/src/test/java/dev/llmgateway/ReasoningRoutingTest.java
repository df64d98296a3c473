package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.model.CacheControl;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.spi.Capabilities;
import org.junit.jupiter.api.Test;

/** Reasoning is a requirement like tools; cache markers and prompt cache keys are not. */
class ReasoningRoutingTest {
  private static final TargetRef PLAIN = new TargetRef("plain", "m");
  private static final TargetRef THINKER = new TargetRef("thinker", "m");

  /** Chat, streaming, tools, vision, JSON; no reasoning, no prompt caching. */
  private final ScriptedProvider plain =
      new ScriptedProvider("plain", new Capabilities(true, true, true, true, true, false));

  private final ScriptedProvider thinker = new ScriptedProvider("thinker", Capabilities.ALL);

  private GatewayClient gateway() {
    return builder(plain, thinker)
        .alias("mixed", a -> a.target("plain", "m", 99).target("thinker", "m", 1))
        .alias("plainOnly", a -> a.target("plain", "m"))
        .build();
  }

  @Test
  void aReasoningRequestSkipsTargetsWithoutReasoning() {
    try (GatewayClient gateway = gateway()) {
      ChatRequest thinking =
          ChatRequest.builder()
              .model("mixed")
              .user("Prove it.")
              .reasoning(Reasoning.budget(2_000))
              .maxTokens(4_000)
              .build();
      for (int i = 0; i < 10; i++) {
        assertThat(gateway.chat(thinking).route().target()).isEqualTo(THINKER);
      }
      assertThat(plain.calls).isEmpty();
      RoutePlan plan = gateway.explain(thinking);
      assertThat(plan.targets()).containsExactly(THINKER);
      assertThat(plan.skipped()).containsExactly(new RoutePlan.Skipped(PLAIN, "lacks [reasoning]"));

      // Without reasoning, the plain target serves as before.
      gateway.chat(ChatRequest.builder().model("mixed").user("Hi").build());
      assertThat(plain.calls).hasSize(1);
    }
  }

  @Test
  void noTargetWithReasoningIsANoRoute() {
    try (GatewayClient gateway = gateway()) {
      ChatRequest thinking =
          ChatRequest.builder()
              .model("plainOnly")
              .user("Prove it.")
              .reasoning(ReasoningEffort.HIGH)
              .build();
      assertThatThrownBy(() -> gateway.chat(thinking))
          .isInstanceOf(NoRouteException.class)
          .hasMessageContaining("plain/m lacks [reasoning]");
    }
  }

  @Test
  void cacheMarkersAndPromptCacheKeysNeverFilterTargets() {
    try (GatewayClient gateway = gateway()) {
      ChatRequest marked =
          ChatRequest.builder()
              .model("plainOnly")
              .message(Message.system("A long manual.").cacheable(CacheControl.EPHEMERAL))
              .user("Hi")
              .promptCacheKey("manual-v1")
              .build();
      RoutePlan plan = gateway.explain(marked);
      assertThat(plan.targets()).containsExactly(PLAIN);
      assertThat(plan.skipped()).isEmpty();
      assertThat(gateway.chat(marked).route().target()).isEqualTo(PLAIN);
    }
  }
}
