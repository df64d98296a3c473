package dev.llmgateway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatResponseAssemblerTest {

  @Test
  void joinsTextAndKeepsLastUsageAndFinishReason() {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    assembler.add(new ChatChunk("chatcmpl-1", "gpt-4o-mini", "", List.of(), null, null));
    assembler.add(ChatChunk.text("Hel"));
    assembler.add(ChatChunk.text("lo"));
    assembler.add(new ChatChunk(null, null, "", List.of(), FinishReason.STOP, null));
    assembler.add(new ChatChunk(null, null, "", List.of(), null, new Usage(12, 2, 4, 0, 0)));

    ChatResponse response = assembler.build("openai", "requested");

    assertThat(response.id()).isEqualTo("chatcmpl-1");
    assertThat(response.model()).isEqualTo("gpt-4o-mini");
    assertThat(response.provider()).isEqualTo("openai");
    assertThat(response.text()).isEqualTo("Hello");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(12, 2, 4, 0, 0));
    assertThat(assembler.chunkCount()).isEqualTo(5);
  }

  @Test
  void reassemblesInterleavedToolCallFragmentsByIndex() {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    assembler.add(chunk(new ToolCallDelta(0, "call_a", "get_weather", "")));
    assembler.add(chunk(new ToolCallDelta(1, "call_b", "get_time", "{\"tz\":")));
    assembler.add(chunk(new ToolCallDelta(0, null, null, "{\"city\":")));
    assembler.add(chunk(new ToolCallDelta(0, null, null, "\"Paris\"}")));
    assembler.add(chunk(new ToolCallDelta(1, null, null, "\"CET\"}")));
    assembler.add(new ChatChunk(null, null, "", List.of(), FinishReason.TOOL_CALLS, null));

    ChatResponse response = assembler.build("openai", "gpt-4o");

    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
            new ToolCall("call_b", "get_time", "{\"tz\":\"CET\"}"));
    assertThat(response.model()).isEqualTo("gpt-4o");
    assertThat(response.text()).isEmpty();
  }

  @Test
  void marksAnUnfinishedAnswerAsOther() {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    assembler.add(ChatChunk.text("partial"));
    assertThat(assembler.finished()).isFalse();
    assertThat(assembler.build("p", "m").finishReason()).isEqualTo(FinishReason.OTHER);
  }

  private static ChatChunk chunk(ToolCallDelta delta) {
    return new ChatChunk(null, null, "", List.of(delta), null, null);
  }

  @Test
  void refusalDeltasBecomeTheRefusalNotTheText() {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    assembler.add(new ChatChunk("chatcmpl-9", "gpt-4o", "", List.of(), null, null, ""));
    assembler.add(ChatChunk.refusal("I'm sorry, "));
    assembler.add(ChatChunk.refusal("I can't help with that."));
    assembler.add(
        new ChatChunk(null, null, "", List.of(), FinishReason.CONTENT_FILTER, Usage.of(20, 9)));

    ChatResponse response = assembler.build("openai", "gpt-4o");

    assertThat(response.text()).isEmpty();
    assertThat(response.refusal()).isEqualTo("I'm sorry, I can't help with that.");
    assertThat(response.refused()).isTrue();
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(assembler.refusal()).isEqualTo("I'm sorry, I can't help with that.");
  }

  @Test
  void aRefusalWithoutMessageKeepsTheTextProducedBeforeIt() {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    assembler.add(ChatChunk.text("Hello.."));
    assembler.add(new ChatChunk(null, null, "", List.of(), FinishReason.CONTENT_FILTER, null, ""));

    ChatResponse response = assembler.build("anthropic", "claude-sonnet-4-5");

    assertThat(response.text()).isEqualTo("Hello..");
    assertThat(response.refusal()).isEmpty();
    assertThat(response.refused()).isTrue();
  }

  @Test
  void aStreamWithoutUsageAssemblesToUnreportedUsage() {
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    assembler.add(ChatChunk.text("hi"));
    assembler.add(new ChatChunk(null, null, "", List.of(), FinishReason.STOP, null));

    ChatResponse response = assembler.build("openai", "gpt-4o");

    assertThat(response.usage()).isEqualTo(Usage.NOT_REPORTED);
    assertThat(response.refusal()).isNull();
    assertThat(response.refused()).isFalse();
  }

  @Test
  void onlyANonEmptyRefusalIsContent() {
    assertThat(ChatChunk.refusal("No.").hasContent()).isTrue();
    assertThat(ChatChunk.refusal("").hasContent()).isFalse();
  }
}
