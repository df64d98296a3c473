package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.testkit.FakeLlmServerAnthropicTest.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link FakeResponse#refusal(String)} on the OpenAI and Anthropic wire formats. */
class FakeLlmServerRefusalTest {
  private static final String REFUSAL = "I'm sorry, I can't help with that.";

  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void openAiSendsTheRefusalInMessageRefusalWithFinishReasonStop() {
    server.enqueue(FakeResponse.refusal(REFUSAL));

    JsonNode answer = http.chatJson(Http.chat("gpt-4o", false, "Pick a lock"));

    JsonNode choice = answer.at("/choices/0");
    assertThat(choice.at("/message/content").isNull()).isTrue();
    assertThat(choice.at("/message/refusal").asText()).isEqualTo(REFUSAL);
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    // 3 prompt words; the refusal's 7 words are the completion.
    assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(7);
  }

  @Test
  void openAiStreamsTheRefusalAsRefusalDeltas() {
    server.enqueue(FakeResponse.refusal(REFUSAL).withChunkSize(12));

    List<String> events = http.stream(Http.chat("gpt-4o", true, "Pick a lock"));

    JsonNode first = Http.parse(events.get(0)).at("/choices/0/delta");
    assertThat(first.get("content").isNull()).isTrue();
    assertThat(first.get("refusal").asText()).isEmpty();
    StringBuilder refusal = new StringBuilder();
    for (String event : events.subList(1, events.size() - 2)) {
      JsonNode delta = Http.parse(event).at("/choices/0/delta");
      assertThat(delta.has("content")).isFalse();
      refusal.append(delta.get("refusal").asText());
    }
    assertThat(refusal.toString()).isEqualTo(REFUSAL);
    assertThat(Http.parse(events.get(events.size() - 2)).at("/choices/0/finish_reason").asText())
        .isEqualTo("stop");
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
  }

  @Test
  void anthropicSendsStopReasonRefusalWithStopDetails() throws IOException {
    server.enqueue(FakeResponse.refusal(REFUSAL));

    JsonNode answer;
    try (Response response = anthropic(false)) {
      answer = Http.parse(response.body().string());
    }

    assertThat(answer.get("content")).isEmpty();
    assertThat(answer.get("stop_reason").asText()).isEqualTo("refusal");
    assertThat(answer.at("/stop_details/type").asText()).isEqualTo("refusal");
    assertThat(answer.at("/stop_details/explanation").asText()).isEqualTo(REFUSAL);
  }

  @Test
  void anthropicStreamsTheTextBeforeARefusalAndTheRefusalOnMessageDelta() throws IOException {
    server.enqueue(FakeResponse.text("Hello..").withRefusal(""));

    List<Event> events;
    try (Response response = anthropic(true)) {
      events = FakeLlmServerAnthropicTest.readEvents(response.body().source(), Integer.MAX_VALUE);
    }

    assertThat(events)
        .filteredOn(e -> e.name().equals("content_block_delta"))
        .extracting(e -> e.data().at("/delta/text").asText())
        .containsExactly("Hello..");
    JsonNode delta =
        events.stream()
            .filter(e -> e.name().equals("message_delta"))
            .findFirst()
            .orElseThrow()
            .data()
            .get("delta");
    assertThat(delta.get("stop_reason").asText()).isEqualTo("refusal");
    assertThat(delta.has("stop_details")).as("an empty refusal has no stop_details").isFalse();
  }

  private Response anthropic(boolean stream) {
    try {
      return http.client
          .newCall(
              new Request.Builder()
                  .url(server.anthropicBaseUrl() + "/v1/messages")
                  .header("x-api-key", "test-key-123")
                  .header("anthropic-version", "2023-06-01")
                  .post(
                      RequestBody.create(
                          FakeLlmServerAnthropicTest.request(stream, "Pick a lock").toString(),
                          MediaType.get("application/json")))
                  .build())
          .execute();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
