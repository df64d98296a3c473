package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerChatTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void baseUrlIsLoopbackWithV1() {
    assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/v1");
    assertThat(server.baseUrl()).endsWith(":" + server.port() + "/v1");
  }

  @Test
  void echoAnswersWithTheLastUserMessageAndCountsWords() {
    ObjectNode request = Http.JSON.createObjectNode().put("model", "gpt-4o-mini");
    request
        .putArray("messages")
        .add(message("system", "Be brief."))
        .add(message("user", "Hello there"))
        .add(message("assistant", "Hi"))
        .add(message("user", "What is a circuit breaker?"));

    JsonNode answer = http.chatJson(request);

    assertThat(answer.get("id").asText()).startsWith("chatcmpl-");
    assertThat(answer.get("object").asText()).isEqualTo("chat.completion");
    assertThat(answer.get("created").asLong()).isEqualTo(1_700_000_000L);
    assertThat(answer.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(answer.get("system_fingerprint").asText()).startsWith("fp_");
    JsonNode choice = answer.at("/choices/0");
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
    assertThat(choice.at("/message/content").asText())
        .isEqualTo("Echo: What is a circuit breaker?");
    assertThat(choice.at("/message/refusal").isNull()).isTrue();
    assertThat(choice.at("/message").has("tool_calls")).isFalse();
    assertThat(choice.get("logprobs").isNull()).isTrue();
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    // 2 + 2 + 1 + 5 words in the messages; 6 words in the answer.
    assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(10);
    assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(6);
    assertThat(answer.at("/usage/total_tokens").asLong()).isEqualTo(16);
    assertThat(answer.at("/usage/prompt_tokens_details/cached_tokens").isNumber()).isTrue();
    assertThat(answer.at("/usage/completion_tokens_details/reasoning_tokens").isNumber()).isTrue();
  }

  @Test
  void echoReadsTextPartsOfMultiPartContent() {
    ObjectNode request = Http.JSON.createObjectNode().put("model", "m");
    ObjectNode user = request.putArray("messages").addObject().put("role", "user");
    user.putArray("content")
        .add(Http.JSON.createObjectNode().put("type", "text").put("text", "Describe"))
        .add(
            Http.JSON
                .createObjectNode()
                .put("type", "image_url")
                .set("image_url", Http.JSON.createObjectNode().put("url", "https://x/y.png")))
        .add(Http.JSON.createObjectNode().put("type", "text").put("text", "this image"));

    JsonNode answer = http.chatJson(request);

    assertThat(answer.at("/choices/0/message/content").asText())
        .isEqualTo("Echo: Describe this image");
    assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(3);
  }

  @Test
  void textAnswerIsFixedAndUsageCanBeScripted() {
    server.enqueue(
        FakeResponse.text("Paris is the capital.")
            .withUsage(120, 30, 100, 12)
            .withFinishReason("length")
            .withHeader("x-custom", "yes"));

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", false, "Capital?"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("content-type")).startsWith("application/json");
    assertThat(result.header("x-custom")).isEqualTo("yes");
    assertThat(result.header("x-request-id")).startsWith("req_");
    JsonNode answer = result.json();
    assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Paris is the capital.");
    assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    assertThat(answer.at("/usage/prompt_tokens").asLong()).isEqualTo(120);
    assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(30);
    assertThat(answer.at("/usage/total_tokens").asLong()).isEqualTo(150);
    assertThat(answer.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(100);
    assertThat(answer.at("/usage/completion_tokens_details/reasoning_tokens").asLong())
        .isEqualTo(12);
  }

  @Test
  void toolCallsAreAnsweredInOneMessage() {
    server.enqueue(
        FakeResponse.toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")
            .withToolCall("call_2", "get_time", "{\"tz\":\"CET\"}"));

    JsonNode answer = http.chatJson(Http.chat("gpt-4o", false, "Weather and time?"));

    JsonNode message = answer.at("/choices/0/message");
    assertThat(message.get("content").isNull()).isTrue();
    assertThat(message.get("tool_calls")).hasSize(2);
    assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("call_1");
    assertThat(message.at("/tool_calls/0/type").asText()).isEqualTo("function");
    assertThat(message.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(message.at("/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    assertThat(message.at("/tool_calls/1/function/name").asText()).isEqualTo("get_time");
    assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void streamSendsRoleChunkThenWordDeltasThenFinishReasonThenDone() {
    List<String> events = http.stream(Http.chat("gpt-4o-mini", true, "Tell me a joke"));

    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    List<JsonNode> chunks = parseAll(events.subList(0, events.size() - 1));
    for (JsonNode chunk : chunks) {
      assertThat(chunk.get("id").asText()).isEqualTo(chunks.get(0).get("id").asText());
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.get("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(chunk.get("created").asLong()).isEqualTo(1_700_000_000L);
      assertThat(chunk.has("system_fingerprint")).isTrue();
      assertThat(chunk.has("usage")).as("no usage unless asked for").isFalse();
      assertThat(chunk.at("/choices/0/logprobs").isNull()).isTrue();
    }
    JsonNode first = chunks.get(0);
    assertThat(first.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(first.at("/choices/0/delta/content").asText()).isEmpty();
    assertThat(first.at("/choices/0/finish_reason").isNull()).isTrue();
    List<String> deltas =
        chunks.subList(1, chunks.size() - 1).stream()
            .map(chunk -> chunk.at("/choices/0/delta/content").asText())
            .collect(Collectors.toList());
    assertThat(deltas).containsExactly("Echo:", " Tell", " me", " a", " joke");
    JsonNode last = chunks.get(chunks.size() - 1);
    assertThat(last.at("/choices/0/delta").isEmpty()).isTrue();
    assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void streamIsServedAsServerSentEvents() throws Exception {
    try (okhttp3.Response response =
        http.newCall("/chat/completions", Http.chat("m", true, "hi")).execute()) {
      assertThat(response.header("Content-Type")).startsWith("text/event-stream");
      assertThat(response.body().string()).startsWith("data: {").endsWith("data: [DONE]\n\n");
    }
  }

  @Test
  void streamEndsWithUsageChunkWhenIncludeUsageIsSet() {
    ObjectNode request = Http.chat("gpt-4o-mini", true, "one two three");
    request.putObject("stream_options").put("include_usage", true);

    List<String> events = http.stream(request);

    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    List<JsonNode> chunks = parseAll(events.subList(0, events.size() - 1));
    JsonNode usageChunk = chunks.get(chunks.size() - 1);
    assertThat(usageChunk.get("choices")).isEmpty();
    assertThat(usageChunk.at("/usage/prompt_tokens").asLong()).isEqualTo(3);
    assertThat(usageChunk.at("/usage/completion_tokens").asLong()).isEqualTo(4);
    assertThat(usageChunk.at("/usage/total_tokens").asLong()).isEqualTo(7);
    assertThat(usageChunk.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isZero();
    assertThat(usageChunk.at("/usage/completion_tokens_details/reasoning_tokens").asLong())
        .isZero();
    for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(chunk.get("usage").isNull()).as("other chunks carry usage: null").isTrue();
    }
    assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText())
        .isEqualTo("stop");
  }

  @Test
  void streamHasNoUsageChunkWhenIncludeUsageIsFalse() {
    ObjectNode request = Http.chat("gpt-4o-mini", true, "hi");
    request.putObject("stream_options").put("include_usage", false);

    List<String> events = http.stream(request);

    List<JsonNode> chunks = parseAll(events.subList(0, events.size() - 1));
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.get("choices")).hasSize(1));
    assertThat(chunks).noneSatisfy(chunk -> assertThat(chunk.has("usage")).isTrue());
  }

  @Test
  void streamedToolCallsArriveAsFragments() {
    String arguments = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
    server.enqueue(
        FakeResponse.toolCall("call_1", "get_weather", arguments)
            .withToolCall("call_2", "get_time", "{}"));

    List<String> events = http.stream(Http.chat("gpt-4o", true, "Weather?"));

    List<JsonNode> chunks = parseAll(events.subList(0, events.size() - 1));
    assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    List<JsonNode> fragments = new ArrayList<>();
    for (JsonNode chunk : chunks) {
      chunk.at("/choices/0/delta/tool_calls").forEach(fragments::add);
    }
    JsonNode opening = fragments.get(0);
    assertThat(opening.get("index").asInt()).isZero();
    assertThat(opening.get("id").asText()).isEqualTo("call_1");
    assertThat(opening.get("type").asText()).isEqualTo("function");
    assertThat(opening.at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(opening.at("/function/arguments").asText()).isEmpty();
    StringBuilder first = new StringBuilder();
    StringBuilder second = new StringBuilder();
    for (JsonNode fragment : fragments.subList(1, fragments.size())) {
      if (fragment.has("id")) {
        assertThat(fragment.get("index").asInt()).isEqualTo(1);
        assertThat(fragment.at("/function/name").asText()).isEqualTo("get_time");
        continue;
      }
      assertThat(fragment.fieldNames()).toIterable().containsExactly("index", "function");
      assertThat(fragment.get("function").fieldNames()).toIterable().containsExactly("arguments");
      (fragment.get("index").asInt() == 0 ? first : second)
          .append(fragment.at("/function/arguments").asText());
    }
    assertThat(first).hasToString(arguments);
    assertThat(second).hasToString("{}");
    assertThat(fragments.stream().filter(f -> f.get("index").asInt() == 0).count())
        .as("arguments come in several pieces")
        .isGreaterThan(2);
    assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText())
        .isEqualTo("tool_calls");
  }

  @Test
  void chunkSizeSplitsTextIntoFixedSizeDeltas() {
    server.enqueue(FakeResponse.text("abcdefgh").withChunkSize(3));

    List<String> events = http.stream(Http.chat("m", true, "x"));

    List<JsonNode> chunks = parseAll(events.subList(1, events.size() - 2));
    assertThat(chunks)
        .extracting(chunk -> chunk.at("/choices/0/delta/content").asText())
        .containsExactly("abc", "def", "gh");
  }

  @Test
  void unknownPathIs404WithOpenAiErrorAndTakesNoScript() {
    server.enqueue(FakeResponse.text("kept"));

    Http.Result result = http.post("/models", "{}");

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.json().at("/error/message").asText())
        .isEqualTo("Invalid URL (POST /v1/models)");
    assertThat(result.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(result.json().at("/error/param").isNull()).isTrue();
    assertThat(server.takeRequest().path()).isEqualTo("/v1/models");
    assertThat(http.chatJson(Http.chat("m", false, "x")).at("/choices/0/message/content").asText())
        .isEqualTo("kept");
  }

  @Test
  void bodyThatIsNotJsonOrHasNoModelIs400() {
    Http.Result notJson = http.post("/chat/completions", "not json");
    Http.Result noModel = http.post("/chat/completions", "{\"messages\":[]}");

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(noModel.status()).isEqualTo(400);
    assertThat(noModel.json().at("/error/message").asText()).contains("model");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  private static ObjectNode message(String role, String content) {
    return Http.JSON.createObjectNode().put("role", role).put("content", content);
  }

  private static List<JsonNode> parseAll(List<String> events) {
    return events.stream().map(Http::parse).collect(Collectors.toList());
  }
}
