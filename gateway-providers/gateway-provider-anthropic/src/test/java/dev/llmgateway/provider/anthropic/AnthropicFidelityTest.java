package dev.llmgateway.provider.anthropic;

import static dev.llmgateway.provider.anthropic.AnthropicStreamTest.START;
import static dev.llmgateway.provider.anthropic.AnthropicStreamTest.STOP;
import static dev.llmgateway.provider.anthropic.AnthropicStreamTest.TEXT_BLOCK_START;
import static dev.llmgateway.provider.anthropic.AnthropicStreamTest.blockStop;
import static dev.llmgateway.provider.anthropic.AnthropicStreamTest.request;
import static dev.llmgateway.provider.anthropic.AnthropicStreamTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ChatResponseAssembler;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.spi.ChunkStream;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * Wire data as Anthropic sends it: {@code stop_reason: "refusal"} (with and without {@code
 * stop_details}), plain and streamed, and the {@code x-should-retry} verdict.
 */
class AnthropicFidelityTest extends AnthropicTestSupport {

  private static String refusedMessage(String content, String stopDetails) {
    return """
        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
         "model":"claude-sonnet-4-5-20250929","content":%s,
         "stop_reason":"refusal","stop_sequence":null%s,
         "usage":{"input_tokens":29,"cache_creation_input_tokens":0,
                  "cache_read_input_tokens":0,"output_tokens":3,"service_tier":"standard"}}
        """
        .formatted(content, stopDetails);
  }

  @Test
  void aRefusalWithStopDetailsIsExposedAsTheRefusalWithContentFilter() {
    server.enqueue(
        json(
            200,
            refusedMessage(
                "[]",
                ",\"stop_details\":{\"type\":\"refusal\",\"category\":\"cyber\","
                    + "\"explanation\":\"This request was declined because it could enable"
                    + " cyber harm.\"}")));

    ChatResponse response = provider.chat(request(), call());

    assertRequest(
        "application/json",
        """
        {"model": "claude-haiku-4-5", "max_tokens": 64,
         "messages": [{"role": "user", "content": "Say hello"}]}
        """);
    assertThat(response.refusal())
        .isEqualTo("This request was declined because it could enable cyber harm.");
    assertThat(response.refused()).isTrue();
    assertThat(response.text()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(response.usage()).isEqualTo(anthropicUsage(29, 3, 0, 0));
  }

  @Test
  void aRefusalWithoutMessageIsAnEmptyRefusalAndKeepsTheTextBeforeIt() {
    server.enqueue(json(200, refusedMessage("[{\"type\":\"text\",\"text\":\"Hello..\"}]", "")));

    ChatResponse response = provider.chat(request(), call());

    assertThat(response.refusal()).isEmpty();
    assertThat(response.refused()).isTrue();
    assertThat(response.text()).isEqualTo("Hello..");
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void aStreamStoppedByTheClassifierCarriesTheRefusalOnItsFinishChunk() {
    String refusedDelta =
        AnthropicTestSupport.event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\","
                + "\"stop_sequence\":null,\"stop_details\":{\"type\":\"refusal\","
                + "\"category\":\"cyber\",\"explanation\":\"Declined: it could enable cyber"
                + " harm.\"}},\"usage\":{\"output_tokens\":6}}");
    server.enqueue(
        sse(START + TEXT_BLOCK_START + text(0, "Hello..") + blockStop(0) + refusedDelta + STOP));

    List<ChatChunk> chunks;
    try (ChunkStream stream = provider.stream(request(), call())) {
      chunks = drain(stream);
    }

    ChatChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(last.refusal()).isEqualTo("Declined: it could enable cyber harm.");
    assertThat(last.text()).isEmpty();
    assertThat(last.usage()).isEqualTo(anthropicUsage(472, 6, 0, 0));
    ChatResponseAssembler assembler = new ChatResponseAssembler();
    chunks.forEach(assembler::add);
    ChatResponse whole = assembler.build("claude-main", "claude-haiku-4-5");
    assertThat(whole.text()).isEqualTo("Hello..");
    assertThat(whole.refusal()).isEqualTo("Declined: it could enable cyber harm.");
    assertThat(whole.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void xShouldRetryDecidesRetryabilityWhateverTheKind() {
    server.enqueue(
        new MockResponse.Builder()
            .code(529)
            .setHeader("Content-Type", "application/json")
            .setHeader("x-should-retry", "false")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}")
            .build());

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider.chat(request(), call()));

    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).hasValue(529);
  }
}
