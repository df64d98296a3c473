package dev.llmgateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.CachePolicy;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ReasoningDelta;
import dev.llmgateway.model.ReasoningEffort;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.EndpointMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The response cache and reasoning, prompt-cache markers and Responses state. */
class CacheReasoningTest {
  private static final String MODEL = "faq";
  private static final String THOUGHT =
      "First I recall what a circuit breaker is, then I say it in one sentence.";
  private static final List<ReasoningBlock> BLOCKS =
      List.of(
          ReasoningBlock.signed(THOUGHT, "sig-abc"),
          ReasoningBlock.redacted("ZW5jcnlwdGVk"),
          new ReasoningBlock("summary", null, null, "rs_1", "enc-xyz"));

  private final ScriptedProvider p =
      new ScriptedProvider("p")
          .always(
              "m",
              (prov, r, c) ->
                  ChatResponse.of(
                          "resp-" + prov.calls.size(),
                          prov.name,
                          r.model(),
                          "A breaker stops calls to a failing service.",
                          List.of(),
                          FinishReason.STOP,
                          Usage.of(10, 5))
                      .withReasoning(BLOCKS));

  private GatewayClient gateway() {
    return TestSupport.builder(p)
        .cache(c -> {})
        .alias(
            MODEL,
            a ->
                a.target("p", "m", t -> t.endpointMode(EndpointMode.RESPONSES))
                    .cacheTtl(Duration.ofMinutes(10)))
        .build();
  }

  private static ChatRequest.Builder ask() {
    return ChatRequest.builder()
        .model(MODEL)
        .user("What is a circuit breaker?")
        .maxTokens(4_000)
        .reasoning(Reasoning.effort(ReasoningEffort.LOW).withThoughts());
  }

  @Test
  void aCachedAnswerKeepsItsReasoning() {
    try (GatewayClient gateway = gateway()) {
      ChatResponse first = gateway.chat(ask().build());
      ChatResponse hit = gateway.chat(ask().build());
      assertThat(p.calls).hasSize(1);
      assertThat(hit.route().cacheHit()).isTrue();
      assertThat(hit.reasoning()).isEqualTo(BLOCKS).isEqualTo(first.reasoning());
      assertThat(hit.text()).doesNotContain(THOUGHT);
    }
  }

  @Test
  void anotherReasoningSettingIsAnotherEntry() {
    try (GatewayClient gateway = gateway()) {
      gateway.chat(ask().build());
      gateway.chat(ask().reasoning(ReasoningEffort.LOW).build()); // no thoughts
      gateway.chat(ask().reasoning(ReasoningEffort.HIGH).build());
      gateway.chat(ask().reasoning(Reasoning.budget(2_000)).build());
      gateway.chat(ask().reasoning((Reasoning) null).build());
      assertThat(p.calls).hasSize(5);
      gateway.chat(ask().reasoning(ReasoningEffort.HIGH).build());
      assertThat(p.calls).hasSize(5);
    }
  }

  @Test
  void aStreamedHitReplaysTheReasoningAsReasoningChunks() {
    try (GatewayClient gateway = gateway()) {
      ChatResponse first = gateway.chat(ask().build());
      List<ChatChunk> chunks = new ArrayList<>();
      ChatResponse replayed;
      try (ChatStream stream = gateway.stream(ask().build())) {
        stream.forEach(chunks::add);
        replayed = stream.response();
      }
      assertThat(p.calls).hasSize(1);
      assertThat(replayed.route().cacheHit()).isTrue();

      List<ReasoningDelta> pieces =
          chunks.stream().map(ChatChunk::reasoning).filter(r -> r != null).toList();
      // The thought is longer than a replay piece: it comes in pieces, signed on its last one.
      List<ReasoningDelta> thought = pieces.stream().filter(d -> d.index() == 0).toList();
      assertThat(thought.size()).isGreaterThan(1);
      assertThat(thought.subList(0, thought.size() - 1)).allMatch(d -> d.signature() == null);
      assertThat(thought.get(thought.size() - 1).signature()).isEqualTo("sig-abc");
      assertThat(chunks.get(0).id()).isEqualTo(first.id());
      assertThat(chunks.get(0).reasoning()).isNotNull();
      assertThat(chunks).allMatch(c -> !c.text().contains("recall"));

      ChatResponseAssembler assembler = new ChatResponseAssembler();
      chunks.forEach(assembler::add);
      ChatResponse assembled = assembler.build("p", "m");
      assertThat(assembled.reasoning()).isEqualTo(BLOCKS);
      assertThat(assembled.text()).isEqualTo(first.text());
      assertThat(replayed.reasoning()).isEqualTo(BLOCKS);
    }
  }

  @Test
  void callsThatContinueOrStoreAResponsesStateAreNeverCached() {
    try (GatewayClient gateway = gateway()) {
      ChatRequest stored =
          ask().store(true).cachePolicy(CachePolicy.ttl(Duration.ofHours(1))).build();
      gateway.chat(stored);
      gateway.chat(stored);
      assertThat(p.calls).hasSize(2);
      ChatRequest continued =
          ask()
              .previousResponseId("resp_1")
              .cachePolicy(CachePolicy.ttl(Duration.ofHours(1)))
              .build();
      ChatResponse a = gateway.chat(continued);
      ChatResponse b = gateway.chat(continued);
      assertThat(p.calls).hasSize(4);
      assertThat(a.route().cacheHit()).isFalse();
      assertThat(b.route().cacheHit()).isFalse();
      // Neither filled the entry of the same request without state.
      gateway.chat(ask().build());
      assertThat(p.calls).hasSize(5);
    }
  }

  @Test
  void markersAndPromptCacheKeysShareTheEntryOfTheUnmarkedRequest() {
    try (GatewayClient gateway = gateway()) {
      gateway.chat(ask().build());
      ChatResponse marked =
          gateway.chat(
              ChatRequest.builder()
                  .model(MODEL)
                  .message(
                      dev.llmgateway.model.Message.user("What is a circuit breaker?").cacheable())
                  .maxTokens(4_000)
                  .reasoning(Reasoning.effort(ReasoningEffort.LOW).withThoughts())
                  .promptCacheKey("faq-v1")
                  .build());
      assertThat(marked.route().cacheHit()).isTrue();
      assertThat(p.calls).hasSize(1);
    }
  }
}
