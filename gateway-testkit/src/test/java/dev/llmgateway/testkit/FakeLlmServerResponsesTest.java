package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI Responses dialect: the same scripts as typed Responses events and objects. */
class FakeLlmServerResponsesTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  static ObjectNode request(boolean stream) {
    ObjectNode body = Http.JSON.createObjectNode().put("model", "gpt-5-codex");
    body.putArray("input")
        .addObject()
        .put("type", "message")
        .put("role", "user")
        .put("content", "What is a circuit breaker?");
    body.putObject("reasoning").put("effort", "low").put("summary", "auto");
    body.putArray("include").add("reasoning.encrypted_content");
    body.put("store", false);
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  private List<FakeLlmServerAnthropicTest.Event> stream(ObjectNode body) {
    try (Response response = http.newCall("/responses", body).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type")).startsWith("text/event-stream");
      return FakeLlmServerAnthropicTest.readEvents(response.body().source(), Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void answersWithAResponseObjectHoldingReasoningMessageAndCallItemsAndUsage() {
    server.enqueue(
        FakeResponse.text("Let me check.")
            .withReasoning("Need the tool.")
            .withToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")
            .withUsage(2048, 300, 1920, 128));

    Http.Result result = http.post("/responses", request(false));

    assertThat(result.status()).isEqualTo(200);
    JsonNode answer = result.json();
    assertThat(answer.get("id").asText()).isEqualTo("resp_fake0000000000000001");
    assertThat(answer.get("status").asText()).isEqualTo("completed");
    JsonNode output = answer.get("output");
    assertThat(output.get(0).get("type").asText()).isEqualTo("reasoning");
    assertThat(output.get(0).get("summary").get(0).get("text").asText())
        .isEqualTo("Need the tool.");
    assertThat(output.get(0).get("encrypted_content").asText())
        .isEqualTo(Signatures.encrypt("Need the tool."));
    assertThat(output.get(1).get("content").get(0).get("text").asText()).isEqualTo("Let me check.");
    assertThat(output.get(2).get("call_id").asText()).isEqualTo("call_1");
    assertThat(output.get(2).get("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(answer.get("usage"))
        .isEqualTo(
            Http.parse(
                "{\"input_tokens\":2048,\"input_tokens_details\":{\"cached_tokens\":1920},"
                    + "\"output_tokens\":300,\"output_tokens_details\":{\"reasoning_tokens\":128},"
                    + "\"total_tokens\":2348}"));
    assertThat(server.takeRequest().path()).isEqualTo("/v1/responses");
  }

  @Test
  void sendsNoSummaryOrEncryptedContentTheRequestDidNotAskFor() {
    server.enqueue(FakeResponse.text("Hi.").withReasoning("Thinking."));
    ObjectNode body = request(false);
    body.remove("include");
    ((ObjectNode) body.get("reasoning")).remove("summary");

    JsonNode reasoning = http.post("/responses", body).json().get("output").get(0);

    assertThat(reasoning.get("summary")).isEmpty();
    assertThat(reasoning.has("encrypted_content")).isFalse();
  }

  @Test
  void streamsTheTypedEventsFromCreatedToCompleted() {
    server.enqueue(
        FakeResponse.text("Hi there").withReasoning("Greet back.").withUsage(10, 6, 0, 3));

    List<FakeLlmServerAnthropicTest.Event> events = stream(request(true));

    assertThat(FakeLlmServerAnthropicTest.names(events))
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.reasoning_summary_part.added",
            "response.reasoning_summary_text.delta",
            "response.reasoning_summary_text.delta",
            "response.output_item.done",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_item.done",
            "response.completed");
    assertThat(events)
        .extracting(e -> e.data().get("sequence_number").asInt())
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    JsonNode completed = events.get(events.size() - 1).data().get("response");
    assertThat(completed.get("usage").get("output_tokens_details").get("reasoning_tokens").asInt())
        .isEqualTo(3);
  }

  @Test
  void failsAfterThePreambleWithResponseFailedCarryingTheScriptedCode() {
    server.enqueue(
        FakeResponse.text("never sent").failStreamAfter(2, "server_error", "The model failed"));

    List<FakeLlmServerAnthropicTest.Event> events = stream(request(true));

    assertThat(FakeLlmServerAnthropicTest.names(events))
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.failed");
    JsonNode error = events.get(4).data().get("response").get("error");
    assertThat(error.get("code").asText()).isEqualTo("server_error");
    assertThat(error.get("message").asText()).isEqualTo("The model failed");
  }

  @Test
  void reportsAnAnswerCutAtTheLimitAsIncompleteWithMaxOutputTokens() {
    server.enqueue(FakeResponse.text("A circuit").withFinishReason("length"));

    JsonNode answer = http.post("/responses", request(false)).json();

    assertThat(answer.get("status").asText()).isEqualTo("incomplete");
    assertThat(answer.get("incomplete_details").get("reason").asText())
        .isEqualTo("max_output_tokens");
  }

  @Test
  void answersErrorsInOpenAisShape() {
    server.enqueue(FakeResponse.error(429, "requests", "rate_limit_exceeded", "Slow down"));

    Http.Result result = http.post("/responses", request(false));

    assertThat(result.status()).isEqualTo(429);
    assertThat(result.json().get("error").get("code").asText()).isEqualTo("rate_limit_exceeded");
  }
}
