package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Anthropic Messages dialect: the same scripts, in Anthropic's wire format. */
class FakeLlmServerAnthropicTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  /** One named server-sent event. */
  record Event(String name, JsonNode data) {
    String type() {
      return data.path("type").asText();
    }
  }

  static ObjectNode request(boolean stream, String... userMessages) {
    ObjectNode body =
        Http.JSON
            .createObjectNode()
            .put("model", "claude-haiku-4-5")
            .put("max_tokens", 100)
            .put("system", "Be brief.");
    for (String message : userMessages) {
      body.withArray("messages").addObject().put("role", "user").put("content", message);
    }
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  private Response send(ObjectNode body) throws IOException {
    return http.client
        .newCall(
            new Request.Builder()
                .url(server.anthropicBaseUrl() + "/v1/messages")
                .header("x-api-key", "test-key-123")
                .header("anthropic-version", "2023-06-01")
                .post(RequestBody.create(body.toString(), MediaType.get("application/json")))
                .build())
        .execute();
  }

  private Http.Result post(ObjectNode body) {
    try (Response response = send(body)) {
      return new Http.Result(
          response.code(), response.headers().toMultimap(), response.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Event> stream(ObjectNode body) {
    try (Response response = send(body)) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Type")).startsWith("text/event-stream");
      return readEvents(response.body().source(), Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads up to {@code max} events, each an {@code event:} line, a {@code data:} line, a blank. */
  static List<Event> readEvents(BufferedSource source, int max) throws IOException {
    List<Event> events = new ArrayList<>();
    while (events.size() < max) {
      String line = source.readUtf8Line();
      if (line == null) {
        break;
      }
      assertThat(line).startsWith("event: ");
      String data = source.readUtf8Line();
      assertThat(data).startsWith("data: ");
      assertThat(source.readUtf8Line()).as("an event ends with an empty line").isEmpty();
      Event event = new Event(line.substring(7), Http.parse(data.substring(6)));
      assertThat(event.type()).as("the data repeats the event name").isEqualTo(event.name());
      events.add(event);
    }
    return events;
  }

  static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  @Test
  void anthropicBaseUrlIsLoopbackWithoutV1() {
    assertThat(server.anthropicBaseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
  }

  @Test
  void echoAnswersWithAMessageObjectAndCountsWordsIncludingTheSystemPrompt() {
    Http.Result result = post(request(false, "Hello there", "What is a circuit breaker?"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("Content-Type")).startsWith("application/json");
    assertThat(result.header("request-id")).isEqualTo("req_fake0000000000000001");
    JsonNode answer = result.json();
    assertThat(answer.get("id").asText()).isEqualTo("msg_fake0000000000000001");
    assertThat(answer.get("type").asText()).isEqualTo("message");
    assertThat(answer.get("role").asText()).isEqualTo("assistant");
    assertThat(answer.get("model").asText()).isEqualTo("claude-haiku-4-5");
    assertThat(answer.get("content"))
        .isEqualTo(
            Http.parse("[{\"type\":\"text\",\"text\":\"Echo: What is a circuit breaker?\"}]"));
    assertThat(answer.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(answer.get("stop_sequence").isNull()).isTrue();
    // 2 (system) + 2 + 5 words in; 6 words out.
    assertThat(answer.get("usage"))
        .isEqualTo(
            Http.parse(
                "{\"input_tokens\":9,\"cache_creation_input_tokens\":0,"
                    + "\"cache_read_input_tokens\":0,\"output_tokens\":6}"));
    RecordedCall call = server.takeRequest();
    assertThat(call.path()).isEqualTo("/v1/messages");
    assertThat(call.model()).isEqualTo("claude-haiku-4-5");
    assertThat(call.header("x-api-key")).isEqualTo("test-key-123");
  }

  @Test
  void echoSkipsTurnsOfOnlyToolResultsAndCountsTheirText() {
    ObjectNode body = request(false, "Weather in Paris?");
    ObjectNode assistant = body.withArray("messages").addObject().put("role", "assistant");
    assistant
        .putArray("content")
        .addObject()
        .put("type", "tool_use")
        .put("id", "toolu_1")
        .put("name", "get_weather")
        .putObject("input")
        .put("city", "Paris");
    ObjectNode results = body.withArray("messages").addObject().put("role", "user");
    results
        .putArray("content")
        .addObject()
        .put("type", "tool_result")
        .put("tool_use_id", "toolu_1")
        .put("content", "sunny and warm");

    JsonNode answer = post(body).json();

    assertThat(answer.at("/content/0/text").asText()).isEqualTo("Echo: Weather in Paris?");
    assertThat(answer.at("/usage/input_tokens").asLong()).isEqualTo(2 + 3 + 3);
  }

  @Test
  void scriptedUsageReportsCachedPromptTokensBesideTheInputTokens() {
    server.enqueue(FakeResponse.text("Paris").withUsage(2048, 12, 1920, 0));

    JsonNode usage = post(request(false, "Capital of France?")).json().get("usage");

    assertThat(usage.get("input_tokens").asLong()).isEqualTo(128);
    assertThat(usage.get("cache_read_input_tokens").asLong()).isEqualTo(1920);
    assertThat(usage.get("cache_creation_input_tokens").asLong()).isZero();
    assertThat(usage.get("output_tokens").asLong()).isEqualTo(12);
  }

  @Test
  void toolCallsBecomeToolUseBlocksWithInputObjects() {
    server.enqueue(
        FakeResponse.text("Let me check.")
            .withToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}")
            .withToolCall("toolu_02", "get_time", "{\"tz\":\"CET\"}"));

    JsonNode answer = post(request(false, "Weather and time?")).json();

    assertThat(answer.get("content"))
        .isEqualTo(
            Http.parse(
                "[{\"type\":\"text\",\"text\":\"Let me check.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"Paris\"}},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"get_time\","
                    + "\"input\":{\"tz\":\"CET\"}}]"));
    assertThat(answer.get("stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void finishReasonsAreTranslated() {
    server.enqueue(FakeResponse.text("cut").withFinishReason("length"));
    server.enqueue(FakeResponse.text("no").withFinishReason("content_filter"));
    server.enqueue(FakeResponse.text("x").withFinishReason("stop_sequence"));

    assertThat(post(request(false, "a")).json().get("stop_reason").asText())
        .isEqualTo("max_tokens");
    assertThat(post(request(false, "a")).json().get("stop_reason").asText()).isEqualTo("refusal");
    assertThat(post(request(false, "a")).json().get("stop_reason").asText())
        .isEqualTo("stop_sequence");
  }

  @Test
  void streamsNamedEventsFromMessageStartToMessageStop() {
    server.enqueue(FakeResponse.text("Hi there").withUsage(2048, 2, 1920, 0));

    List<Event> events = stream(request(true, "Hello"));

    assertThat(names(events))
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    JsonNode message = events.get(0).data().get("message");
    assertThat(message.get("id").asText()).isEqualTo("msg_fake0000000000000001");
    assertThat(message.get("content").isEmpty()).isTrue();
    assertThat(message.get("stop_reason").isNull()).isTrue();
    assertThat(message.at("/usage/input_tokens").asLong()).isEqualTo(128);
    assertThat(message.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(1920);
    assertThat(message.at("/usage/cache_creation_input_tokens").asLong()).isZero();
    assertThat(events.get(1).data())
        .isEqualTo(
            Http.parse(
                "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    assertThat(events.get(3).data().at("/delta/text").asText()).isEqualTo("Hi");
    assertThat(events.get(4).data().at("/delta/text").asText()).isEqualTo(" there");
    assertThat(events.get(4).data().at("/delta/type").asText()).isEqualTo("text_delta");
    assertThat(events.get(5).data().get("index").asInt()).isZero();
    assertThat(events.get(6).data())
        .isEqualTo(
            Http.parse(
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}"));
  }

  @Test
  void streamsToolUseBlocksWithInputJsonDeltasAfterTheText() {
    server.enqueue(
        FakeResponse.text("Checking.")
            .withToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}")
            .withToolCall("toolu_02", "get_time", "{}"));

    List<Event> events = stream(request(true, "Weather?"));

    assertThat(names(events))
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_stop",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "content_block_start",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    assertThat(events.get(5).data())
        .isEqualTo(
            Http.parse(
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\","
                    + "\"input\":{}}}"));
    String arguments =
        events.get(6).data().at("/delta/partial_json").asText()
            + events.get(7).data().at("/delta/partial_json").asText();
    assertThat(arguments).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(events.get(6).data().at("/delta/type").asText()).isEqualTo("input_json_delta");
    assertThat(events.get(9).data().get("index").asInt()).isEqualTo(2);
    assertThat(events.get(11).data().get("index").asInt()).isEqualTo(2);
    assertThat(events.get(12).data().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void errorsTakeAnthropicsShapeAndKeepAnthropicTypes() {
    server.enqueue(FakeResponse.error(529, "overloaded_error", null, "Overloaded"));

    Http.Result result = post(request(false, "hi"));

    assertThat(result.status()).isEqualTo(529);
    assertThat(result.json())
        .isEqualTo(
            Http.parse(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"},\"request_id\":\"req_fake0000000000000001\"}"));
  }

  @Test
  void openAiStyleErrorTypesBecomeTheAnthropicTypeOfTheStatus() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofMillis(1500)));
    server.enqueue(FakeResponse.error(503, "server_error", null, "down"));
    server.enqueue(FakeResponse.error(401, "invalid_request_error", "invalid_api_key", "bad key"));

    Http.Result limited = post(request(false, "hi"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    assertThat(limited.header("retry-after")).isEqualTo("2");
    assertThat(limited.header("retry-after-ms")).isEqualTo("1500");
    assertThat(post(request(false, "hi")).json().at("/error/type").asText()).isEqualTo("api_error");
    Http.Result auth = post(request(false, "hi"));
    assertThat(auth.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(auth.json().at("/error").has("code")).isFalse();
  }

  @Test
  void unknownPathsAndBadBodiesGetAnthropicStyleOrOpenAiStyleErrors() {
    Http.Result noModel = post(Http.JSON.createObjectNode().put("max_tokens", 5));
    assertThat(noModel.status()).isEqualTo(400);
    assertThat(noModel.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(noModel.json().get("type").asText()).isEqualTo("error");
  }

  @Test
  void malformedJsonBreaksTheMessageAndTheStream() throws IOException {
    server.enqueue(FakeResponse.malformedJson());
    server.enqueue(FakeResponse.malformedJson());

    String body = post(request(false, "hi")).body();
    assertThat(body).startsWith("{\"id\":\"msg_fake").endsWith("\"Hel");
    try (Response response = send(request(true, "hi"))) {
      String text = response.body().string();
      assertThat(text).contains("event: message_start").contains("\"text\":\"Hel\n\n");
      assertThat(text).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }
  }

  @Test
  void truncateAfterEndsTheStreamWithoutMessageDeltaOrMessageStop() {
    server.enqueue(FakeResponse.text("one two three").truncateAfter(2));

    List<Event> events = stream(request(true, "count"));

    assertThat(names(events))
        .containsExactly("message_start", "content_block_start", "ping", "content_block_delta");
  }

  @Test
  void dropConnectionAfterCutsTheStream() throws IOException {
    server.enqueue(FakeResponse.text("one two three").dropConnectionAfter(2));

    try (Response response = send(request(true, "count"))) {
      BufferedSource source = response.body().source();
      assertThat(names(readEvents(source, 4))).endsWith("content_block_delta");
      assertThatThrownBy(() -> source.readUtf8Line()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void pauseStreamAfterHoldsTheRestUntilTheGateOpens() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(FakeResponse.text("one two").pauseStreamAfter(2, gate));

    try (Response response = send(request(true, "count"))) {
      BufferedSource source = response.body().source();
      List<Event> first = readEvents(source, 4);
      assertThat(first.get(3).data().at("/delta/text").asText()).isEqualTo("one");
      gate.countDown();
      assertThat(names(readEvents(source, Integer.MAX_VALUE)))
          .containsExactly(
              "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    }
  }

  @Test
  void stalledStreamSendsOnlyTheFirstChunkAndCloseEndsIt() throws Exception {
    server.enqueue(FakeResponse.text("never").stall());

    try (Response response = send(request(true, "hi"))) {
      BufferedSource source = response.body().source();
      assertThat(names(readEvents(source, 3)))
          .containsExactly("message_start", "content_block_start", "ping");
      server.close();
      assertThatThrownBy(() -> source.readUtf8Line()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void openAiPathsStillSpeakOpenAi() {
    JsonNode answer = http.chatJson(Http.chat("gpt-4o-mini", false, "hi"));

    assertThat(answer.get("object").asText()).isEqualTo("chat.completion");
  }

  @Test
  void answersAReasoningScriptWithASignedThinkingBlockOnlyWhenThinkingIsRequested() {
    server.enqueue(FakeResponse.text("Paris.").withReasoning("The capital of France."));
    server.enqueue(FakeResponse.text("Paris.").withReasoning("The capital of France."));
    ObjectNode thinking = request(false, "Capital of France?");
    thinking.putObject("thinking").put("type", "enabled").put("budget_tokens", 2048);

    JsonNode withThinking = post(thinking).json();
    JsonNode without = post(request(false, "Capital of France?")).json();

    assertThat(withThinking.get("content").get(0).get("type").asText()).isEqualTo("thinking");
    assertThat(withThinking.get("content").get(0).get("thinking").asText())
        .isEqualTo("The capital of France.");
    assertThat(withThinking.get("content").get(0).get("signature").asText())
        .isEqualTo(Signatures.sign("The capital of France."));
    assertThat(withThinking.get("content").get(1).get("text").asText()).isEqualTo("Paris.");
    assertThat(without.get("content")).hasSize(1);
  }

  @Test
  void streamsThinkingDeltasThenTheSignatureBeforeTheText() {
    server.enqueue(FakeResponse.text("Paris.").withReasoning("The capital."));
    ObjectNode body = request(true, "Capital of France?");
    body.putObject("thinking").put("type", "adaptive").put("display", "summarized");

    List<Event> events = stream(body);

    assertThat(names(events))
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "content_block_start",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    assertThat(events.get(3).data().get("delta").get("thinking").asText()).isEqualTo("The");
    assertThat(events.get(5).data().get("delta").get("signature").asText())
        .isEqualTo(Signatures.sign("The capital."));
    assertThat(events.get(7).data().get("index").asInt()).isEqualTo(1);
    assertThat(events.get(8).data().get("delta").get("text").asText()).isEqualTo("Paris.");
  }

  @Test
  void refusesAThinkingBlockSentBackWithAnotherTextThanItsSignatureCovers() {
    ObjectNode body = request(false, "Capital of France?");
    body.withArray("messages")
        .addObject()
        .put("role", "assistant")
        .putArray("content")
        .addObject()
        .put("type", "thinking")
        .put("thinking", "An edited thought.")
        .put("signature", Signatures.sign("The original thought."));
    body.withArray("messages").addObject().put("role", "user").put("content", "And Spain?");

    Http.Result result = post(body);

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.json().get("error").get("message").asText())
        .isEqualTo("messages.1.content.0: Invalid `signature` in `thinking` block");
  }
}
