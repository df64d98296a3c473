package dev.llmgateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReasoningAndCachingTest {
  private static final ToolDefinition TOOL =
      ToolDefinition.of("get_weather", "Weather", Map.of("type", "object"));

  private static ChatRequest.Builder minimal() {
    return ChatRequest.builder().model("fast").user("hi");
  }

  @Test
  void mapsEffortsToBudgetsAndBudgetsToEffortsByTheDocumentedTable() {
    assertThat(Reasoning.effort(ReasoningEffort.MINIMAL).budgetOrEquivalent()).isEqualTo(1_024);
    assertThat(Reasoning.effort(ReasoningEffort.LOW).budgetOrEquivalent()).isEqualTo(4_096);
    assertThat(Reasoning.effort(ReasoningEffort.MEDIUM).budgetOrEquivalent()).isEqualTo(16_384);
    assertThat(Reasoning.effort(ReasoningEffort.HIGH).budgetOrEquivalent()).isEqualTo(32_768);
    assertThat(Reasoning.budget(500).effortOrEquivalent()).isEqualTo(ReasoningEffort.LOW);
    assertThat(Reasoning.budget(4_096).effortOrEquivalent()).isEqualTo(ReasoningEffort.LOW);
    assertThat(Reasoning.budget(4_097).effortOrEquivalent()).isEqualTo(ReasoningEffort.MEDIUM);
    assertThat(Reasoning.budget(16_384).effortOrEquivalent()).isEqualTo(ReasoningEffort.MEDIUM);
    assertThat(Reasoning.budget(16_385).effortOrEquivalent()).isEqualTo(ReasoningEffort.HIGH);
    assertThat(Reasoning.budget(9_000).budgetOrEquivalent()).isEqualTo(9_000);
    assertThat(Reasoning.effort(ReasoningEffort.MINIMAL).effortOrEquivalent())
        .isEqualTo(ReasoningEffort.MINIMAL);
    assertThat(ReasoningEffort.MINIMAL.wireName()).isEqualTo("minimal");
  }

  @Test
  void rejectsReasoningWithNeitherOrBothFormsOrABudgetBelowOne() {
    assertThatThrownBy(() -> new Reasoning(null, null, true))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("neither")
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("reasoning");
    assertThatThrownBy(() -> new Reasoning(ReasoningEffort.LOW, 2_000, false))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("both");
    assertThatThrownBy(() -> Reasoning.budget(0))
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("reasoning.budgetTokens");
  }

  @Test
  void rejectsABudgetThatLeavesNoRoomBelowMaxTokens() {
    assertThatThrownBy(() -> minimal().maxTokens(2_000).reasoning(Reasoning.budget(2_000)).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maxTokens (2000)")
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("reasoning.budgetTokens");
    assertThat(minimal().maxTokens(2_001).reasoning(Reasoning.budget(2_000)).build().reasoning())
        .isEqualTo(Reasoning.budget(2_000));
  }

  @Test
  void carriesTheNewFieldsThroughToBuilderAndWithModel() {
    ChatRequest request =
        ChatRequest.builder()
            .model("fast")
            .message(Message.system("Long instructions.").cacheable())
            .user("hi")
            .tool(TOOL)
            .cacheTools(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR))
            .reasoning(Reasoning.effort(ReasoningEffort.HIGH).withThoughts())
            .promptCacheKey("tenant-acme-faq")
            .previousResponseId("resp_123")
            .store(true)
            .build();

    ChatRequest moved = request.withModel("openai/o4-mini");
    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(moved.reasoning()).isEqualTo(request.reasoning());
    assertThat(moved.cacheTools()).isEqualTo(CacheControl.ttl(CacheControl.Ttl.ONE_HOUR));
    assertThat(moved.promptCacheKey()).isEqualTo("tenant-acme-faq");
    assertThat(moved.previousResponseId()).isEqualTo("resp_123");
    assertThat(moved.store()).isTrue();
    assertThat(moved.messages().get(0).cacheControl()).isEqualTo(CacheControl.EPHEMERAL);
    assertThat(moved.hasCacheMarkers()).isTrue();
    assertThat(minimal().build().hasCacheMarkers()).isFalse();
    assertThat(minimal().build().store()).isFalse();
  }

  @Test
  void rejectsMoreThanFourCacheMarkersAndMarkedToolsWithoutTools() {
    ChatRequest.Builder five = minimal().tool(TOOL).cacheTools();
    for (int i = 0; i < 4; i++) {
      five.message(Message.user("part " + i).cacheable());
    }
    assertThatThrownBy(five::build)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 4 cache markers")
        .hasMessageContaining("found 5");
    assertThatThrownBy(() -> minimal().cacheTools().build())
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("cacheTools");
    assertThatThrownBy(() -> minimal().promptCacheKey(" ").build())
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("promptCacheKey");
  }

  @Test
  void keepsReasoningOnAssistantMessagesOnly() {
    assertThatThrownBy(
            () -> Message.user("hi").withReasoning(List.of(ReasoningBlock.text("thinking"))))
        .isInstanceOf(InvalidRequestException.class)
        .extracting(e -> ((InvalidRequestException) e).field())
        .isEqualTo("message.reasoning");
    Message assistant =
        Message.assistant("Paris").withReasoning(List.of(ReasoningBlock.signed("hm", "sig")));
    assertThat(assistant.reasoning()).containsExactly(ReasoningBlock.signed("hm", "sig"));
    assertThat(assistant.text()).isEqualTo("Paris");
  }

  @Test
  void assemblesReasoningBlocksFromPiecesKeepingThemOutOfTheText() {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    assembler.add(new ChatChunk("id-1", "m", "", List.of(), null, null));
    assembler.add(ChatChunk.reasoning(ReasoningDelta.text(0, "Let me ")));
    assembler.add(ChatChunk.reasoning(ReasoningDelta.text(0, "think.")));
    assembler.add(ChatChunk.reasoning(new ReasoningDelta(0, "", "sig-0", null, null, null)));
    assembler.add(ChatChunk.reasoning(ReasoningDelta.of(1, ReasoningBlock.redacted("ENC"))));
    assembler.add(ChatChunk.text("Paris"));
    assembler.add(new ChatChunk(null, null, "", List.of(), FinishReason.STOP, Usage.of(3, 9)));

    ChatResponse whole = assembler.build("p", "m");

    assertThat(whole.text()).isEqualTo("Paris");
    assertThat(whole.reasoningText()).isEqualTo("Let me think.");
    assertThat(assembler.reasoningText()).isEqualTo("Let me think.");
    assertThat(whole.reasoning())
        .containsExactly(
            ReasoningBlock.signed("Let me think.", "sig-0"), ReasoningBlock.redacted("ENC"));
    Message replay = whole.toMessage();
    assertThat(replay.role()).isEqualTo(Role.ASSISTANT);
    assertThat(replay.text()).isEqualTo("Paris");
    assertThat(replay.reasoning()).isEqualTo(whole.reasoning());
  }

  @Test
  void countsReasoningTextAsContentButNotASignatureAlone() {
    assertThat(ChatChunk.reasoning(ReasoningDelta.text(0, "hm")).hasContent()).isTrue();
    assertThat(ChatChunk.reasoning(ReasoningDelta.text(0, "")).hasContent()).isFalse();
    assertThat(ChatChunk.reasoning(new ReasoningDelta(0, "", "sig", null, null, null)).hasContent())
        .isFalse();
    assertThat(ChatChunk.reasoning(ReasoningDelta.text(0, "hm")).text()).isEmpty();
    assertThat(ChatChunk.reasoning(ReasoningDelta.text(0, "hm")).reasoningText()).isEqualTo("hm");
  }

  @Test
  void turnsAToolCallingAnswerIntoAReplayableAssistantTurn() {
    ChatResponse answer =
        ChatResponse.of(
                "id",
                "p",
                "m",
                "",
                List.of(new ToolCall("call_1", "get_weather", "{}")),
                FinishReason.TOOL_CALLS,
                Usage.of(1, 1))
            .withReasoning(List.of(ReasoningBlock.signed("Need the weather.", "sig")));

    Message turn = answer.toMessage();

    assertThat(turn.content()).isEmpty();
    assertThat(turn.toolCalls()).hasSize(1);
    assertThat(turn.reasoning()).containsExactly(ReasoningBlock.signed("Need the weather.", "sig"));
    assertThat(answer.withRoute(answer.route(), answer.cost()).reasoning())
        .isEqualTo(answer.reasoning());
    assertThat(answer.withRefusal("no").reasoning()).isEqualTo(answer.reasoning());
    assertThat(answer.withProvider("q").reasoning()).isEqualTo(answer.reasoning());
  }

  @Test
  void printsSignaturesAndEncryptedReasoningBySizeOnly() {
    ReasoningBlock block =
        new ReasoningBlock("t", "S".repeat(40), "R".repeat(30), "rs_1", "E".repeat(20));
    assertThat(block.toString())
        .contains("signature=40 chars", "redacted=30 chars", "encrypted=20 chars", "id=rs_1")
        .doesNotContain("SSSS", "RRRR", "EEEE");
    assertThat(block.isRedacted()).isTrue();
  }
}
