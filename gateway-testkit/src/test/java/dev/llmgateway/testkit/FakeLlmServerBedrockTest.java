package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerBedrockTest {
  private static final String CONVERSE_BODY =
      "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello there\"}]}],"
          + "\"system\":[{\"text\":\"Be brief.\"}]}";

  private final FakeLlmServer server = FakeLlmServer.start();
  private final OkHttpClient client =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();

  @AfterEach
  void tearDown() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    server.close();
  }

  private record Answer(int status, String contentType, String errorType, byte[] body) {
    JsonNode json() {
      return Http.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    }

    List<EventStreamDecoder.Message> events() {
      return EventStreamDecoder.decodeAll(body);
    }
  }

  private Answer post(String path, String json) {
    Request request =
        new Request.Builder()
            .url(server.bedrockEndpoint() + path)
            .post(RequestBody.create(json, MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      return new Answer(
          response.code(),
          String.valueOf(response.header("Content-Type")),
          String.valueOf(response.header("x-amzn-ErrorType")),
          response.body().bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> eventTypes(List<EventStreamDecoder.Message> messages) {
    return messages.stream()
        .map(m -> m.header(":message-type") + ":" + m.header(":event-type"))
        .toList();
  }

  @Test
  void converseAnswersWithTheConverseResponseShape() {
    server.enqueue(FakeResponse.text("Paris").withUsage(10, 1, 0, 0));

    Answer answer = post("/model/amazon.nova-pro-v1:0/converse", CONVERSE_BODY);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode json = answer.json();
    assertThat(json.at("/output/message/role").asText()).isEqualTo("assistant");
    assertThat(json.at("/output/message/content/0/text").asText()).isEqualTo("Paris");
    assertThat(json.at("/stopReason").asText()).isEqualTo("end_turn");
    assertThat(json.at("/usage/inputTokens").asLong()).isEqualTo(10);
    assertThat(json.at("/usage/outputTokens").asLong()).isEqualTo(1);
    assertThat(json.at("/usage/totalTokens").asLong()).isEqualTo(11);
  }

  @Test
  void modelIdIsTakenUrlDecodedFromThePath() {
    post("/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse", CONVERSE_BODY);

    RecordedCall call = server.takeRequest();
    assertThat(call.model()).isEqualTo("us.anthropic.claude-haiku-4-5-20251001-v1:0");
    assertThat(call.stream()).isFalse();
  }

  @Test
  void echoRepeatsTheLastUserTextAndCountsWordsOfSystemAndMessages() {
    JsonNode json = post("/model/m/converse", CONVERSE_BODY).json();

    assertThat(json.at("/output/message/content/0/text").asText()).isEqualTo("Echo: hello there");
    assertThat(json.at("/usage/inputTokens").asLong()).isEqualTo(4);
  }

  @Test
  void converseStreamSendsEventStreamMessagesInBedrockOrder() {
    server.enqueue(
        FakeResponse.text("one two")
            .withToolCall("tool_1", "get_weather", "{\"city\":\"Paris\"}")
            .withUsage(20, 5, 8, 0)
            .withCacheWriteTokens(4));

    Answer answer = post("/model/m/converse-stream", CONVERSE_BODY);

    assertThat(answer.contentType()).isEqualTo("application/vnd.amazon.eventstream");
    List<EventStreamDecoder.Message> events = answer.events();
    assertThat(eventTypes(events))
        .containsExactly(
            "event:messageStart",
            "event:contentBlockDelta",
            "event:contentBlockDelta",
            "event:contentBlockStop",
            "event:contentBlockStart",
            "event:contentBlockDelta",
            "event:contentBlockDelta",
            "event:contentBlockStop",
            "event:messageStop",
            "event:metadata");
    assertThat(Http.parse(events.get(2).payloadText()).at("/delta/text").asText())
        .isEqualTo(" two");
    JsonNode start = Http.parse(events.get(4).payloadText());
    assertThat(start.at("/contentBlockIndex").asInt()).isEqualTo(1);
    assertThat(start.at("/start/toolUse/toolUseId").asText()).isEqualTo("tool_1");
    assertThat(Http.parse(events.get(5).payloadText()).at("/delta/toolUse/input").asText())
        .isEqualTo("{\"city\":");
    assertThat(Http.parse(events.get(8).payloadText()).at("/stopReason").asText())
        .isEqualTo("tool_use");
    JsonNode usage = Http.parse(events.get(9).payloadText()).get("usage");
    assertThat(usage.get("inputTokens").asLong()).isEqualTo(8);
    assertThat(usage.get("cacheReadInputTokens").asLong()).isEqualTo(8);
    assertThat(usage.get("cacheWriteInputTokens").asLong()).isEqualTo(4);
    assertThat(usage.get("totalTokens").asLong()).isEqualTo(25);
    assertThat(events.get(0).header(":content-type")).isEqualTo("application/json");
  }

  @Test
  void rateLimitedBecomesA429ThrottlingException() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(2)));

    Answer answer = post("/model/m/converse", CONVERSE_BODY);

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.errorType()).isEqualTo("ThrottlingException");
    assertThat(answer.json().get("message").asText()).contains("Rate limit");
  }

  @Test
  void awsErrorTypesAreSentVerbatim() {
    server.enqueue(FakeResponse.error(400, "ValidationException", null, "Input is too long"));

    Answer answer = post("/model/m/converse-stream", CONVERSE_BODY);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.errorType()).isEqualTo("ValidationException");
    assertThat(answer.json().get("message").asText()).isEqualTo("Input is too long");
  }

  @Test
  void failStreamAfterEndsTheStreamWithAnExceptionMessage() {
    server.enqueue(
        FakeResponse.text("one two three")
            .failStreamAfter(2, "ModelStreamErrorException", "The model stopped"));

    List<EventStreamDecoder.Message> events =
        post("/model/m/converse-stream", CONVERSE_BODY).events();

    assertThat(eventTypes(events))
        .containsExactly("event:messageStart", "event:contentBlockDelta", "exception:null");
    EventStreamDecoder.Message exception = events.get(2);
    assertThat(exception.header(":exception-type")).isEqualTo("ModelStreamErrorException");
    assertThat(Http.parse(exception.payloadText()).get("message").asText())
        .isEqualTo("The model stopped");
  }

  @Test
  void failStreamAfterAnswersAPlainCallWithTheSameError() {
    server.enqueue(FakeResponse.text("x").failStreamAfter(1, "ThrottlingException", "Slow down"));

    Answer answer = post("/model/m/converse", CONVERSE_BODY);

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.errorType()).isEqualTo("ThrottlingException");
  }

  @Test
  void truncatedStreamHasNoMessageStopOrMetadata() {
    server.enqueue(FakeResponse.text("one two three").truncateAfter(2));

    List<EventStreamDecoder.Message> events =
        post("/model/m/converse-stream", CONVERSE_BODY).events();

    assertThat(eventTypes(events)).containsExactly("event:messageStart", "event:contentBlockDelta");
  }

  @Test
  void titanEmbeddingsAnswerOneVectorOfTheRequestedSize() {
    Answer answer =
        post(
            "/model/amazon.titan-embed-text-v2:0/invoke",
            "{\"inputText\":\"hello world\",\"dimensions\":256,\"normalize\":true}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("embedding")).hasSize(256);
    assertThat(answer.json().get("inputTextTokenCount").asInt()).isEqualTo(2);
  }

  @Test
  void cohereEmbeddingsAnswerOneVectorPerText() {
    server.enqueue(FakeResponse.embeddings(8));

    Answer answer =
        post(
            "/model/cohere.embed-english-v3/invoke",
            "{\"texts\":[\"a\",\"b c\"],\"input_type\":\"search_document\"}");

    assertThat(answer.json().get("embeddings")).hasSize(2);
    assertThat(answer.json().at("/embeddings/1")).hasSize(8);
    assertThat(answer.json().get("response_type").asText()).isEqualTo("embeddings_floats");
  }

  @Test
  void unknownBedrockOperationIsA404() {
    Answer answer = post("/model/m/unknown", CONVERSE_BODY);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.errorType()).isEqualTo("UnknownOperationException");
  }
}
