package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerErrorsTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void errorHasOpenAiShape() {
    server.enqueue(
        FakeResponse.error(
            401, "invalid_request_error", "invalid_api_key", "Incorrect API key provided"));

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.header("content-type")).startsWith("application/json");
    assertThat(result.json().get("error").fieldNames())
        .toIterable()
        .containsExactly("message", "type", "param", "code");
    assertThat(result.json().at("/error/message").asText()).isEqualTo("Incorrect API key provided");
    assertThat(result.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
    assertThat(result.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
    assertThat(result.json().at("/error/param").isNull()).isTrue();
  }

  @Test
  void errorWithoutCodeWritesNull() {
    server.enqueue(FakeResponse.error(500, "server_error", null, "The server had an error"));

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));

    assertThat(result.status()).isEqualTo(500);
    assertThat(result.json().at("/error/code").isNull()).isTrue();
  }

  @Test
  void errorAnswersAStreamedRequestWithJsonNotEvents() {
    server.enqueue(FakeResponse.error(400, "invalid_request_error", "bad", "Bad request"));

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", true, "hi"));

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.header("content-type")).startsWith("application/json");
    assertThat(result.json().at("/error/code").asText()).isEqualTo("bad");
  }

  @Test
  void rateLimitedSendsRetryAfterHeaders() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofMillis(1500)));

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));

    assertThat(result.status()).isEqualTo(429);
    assertThat(result.header("retry-after")).isEqualTo("2");
    assertThat(result.header("retry-after-ms")).isEqualTo("1500");
    assertThat(result.json().at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(result.json().at("/error/type").asText()).isEqualTo("requests");
    assertThat(result.json().at("/error/message").asText()).contains("1500ms");
  }

  @Test
  void rateLimitedWithWholeSeconds() {
    server.enqueue(FakeResponse.rateLimited(Duration.ofSeconds(20)));

    Http.Result result = http.post("/embeddings", "{\"model\":\"e\",\"input\":\"x\"}");

    assertThat(result.status()).isEqualTo(429);
    assertThat(result.header("retry-after")).isEqualTo("20");
    assertThat(result.json().at("/error/message").asText()).contains("try again in 20s");
  }

  @Test
  void rawStatusSendsTheBodyVerbatim() {
    String html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    server.enqueue(FakeResponse.status(502, html));
    server.enqueue(FakeResponse.status(503, "upstream overloaded"));
    server.enqueue(FakeResponse.status(500, "{\"oops\":1}").withHeader("Content-Type", "x/y"));

    Http.Result first = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));
    Http.Result second = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));
    Http.Result third = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));

    assertThat(first.status()).isEqualTo(502);
    assertThat(first.body()).isEqualTo(html);
    assertThat(first.header("content-type")).startsWith("text/html");
    assertThat(second.header("content-type")).startsWith("text/plain");
    assertThat(third.header("content-type")).isEqualTo("x/y");
    assertThat(third.body()).isEqualTo("{\"oops\":1}");
  }

  @Test
  void malformedJsonIsA200ThatDoesNotParse() {
    server.enqueue(FakeResponse.malformedJson());

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.header("content-type")).startsWith("application/json");
    assertThat(result.body()).startsWith("{\"id\":\"chatcmpl-");
    assertThatThrownBy(() -> Http.JSON.readTree(result.body()))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void malformedJsonInAStreamIsOneBrokenDataLine() {
    server.enqueue(FakeResponse.malformedJson());

    List<String> events = http.stream(Http.chat("gpt-4o", true, "hi"));

    assertThat(events).hasSize(3);
    assertThat(Http.parse(events.get(0)).at("/choices/0/delta/role").asText())
        .isEqualTo("assistant");
    assertThatThrownBy(() -> Http.JSON.readTree(events.get(1)))
        .isInstanceOf(JsonProcessingException.class);
    assertThat(events.get(2)).isEqualTo("[DONE]");
  }

  @Test
  void answerOfTheWrongKindIsA500ThatNamesTheScript() {
    server.enqueue(FakeResponse.embeddings(4));
    server.enqueue(FakeResponse.text("hi"));

    Http.Result chat = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));
    Http.Result embeddings = http.post("/embeddings", "{\"model\":\"e\",\"input\":\"x\"}");

    assertThat(chat.status()).isEqualTo(500);
    assertThat(chat.json().at("/error/message").asText())
        .contains("embeddings", "/v1/chat/completions");
    assertThat(embeddings.status()).isEqualTo(500);
    assertThat(embeddings.json().at("/error/message").asText()).contains("/v1/embeddings");
  }

  @Test
  void echoRequestHeadersQuotesTheCredentialsInTheErrorMessage() {
    server.enqueue(
        FakeResponse.error(401, "invalid_request_error", "invalid_api_key", "Bad key")
            .echoRequestHeaders());

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.json().at("/error/message").asText())
        .startsWith("Bad key\n")
        .contains("\nAuthorization: Bearer sk-test")
        .contains("\nContent-Type: application/json");
  }

  @Test
  void echoRequestHeadersAppendsTheHeadersToARawBody() {
    server.enqueue(FakeResponse.status(502, "<html>Bad gateway</html>").echoRequestHeaders());

    Http.Result result = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));

    assertThat(result.status()).isEqualTo(502);
    assertThat(result.body())
        .startsWith("<html>Bad gateway</html>\n")
        .contains("\nAuthorization: Bearer sk-test");
  }

  @Test
  void echoRequestHeadersQuotesEachRequestsOwnHeaders() {
    server.respondByDefault(FakeResponse.status(500, "oops").echoRequestHeaders());

    Http.Result first = http.post("/chat/completions", Http.chat("gpt-4o", false, "hi"));
    Http.Result second =
        http.post("/chat/completions", Http.chat("gpt-4o", false, "a longer message"));

    assertThat(first.body()).startsWith("oops\n").containsOnlyOnce("Authorization:");
    assertThat(second.body()).startsWith("oops\n").containsOnlyOnce("Authorization:");
    assertThat(second.body()).isNotEqualTo(first.body()); // Content-Length differs
  }
}
