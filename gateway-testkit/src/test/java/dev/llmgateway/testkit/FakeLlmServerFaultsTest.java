package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerFaultsTest {
  /** Generous bound for "promptly", far below the 5 s MockWebServer would wait per thread. */
  private static final Duration PROMPTLY = Duration.ofSeconds(2);

  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void pauseStreamAfterHoldsTheRestUntilTheGateOpens() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(FakeResponse.text("one two three").pauseStreamAfter(2, gate));

    try (Response response =
        http.newCall("/chat/completions", Http.chat("m", true, "hi")).execute()) {
      BufferedSource source = response.body().source();
      List<String> before = Http.readEvents(source, 2);
      assertThat(before).hasSize(2);
      assertThat(Http.parse(before.get(1)).at("/choices/0/delta/content").asText())
          .isEqualTo("one");
      assertThat(source.getBuffer().size()).as("nothing more was sent").isZero();

      gate.countDown();

      List<String> after = Http.readEvents(source, Integer.MAX_VALUE);
      assertThat(after).hasSize(4);
      assertThat(Http.parse(after.get(0)).at("/choices/0/delta/content").asText())
          .isEqualTo(" two");
      assertThat(after.get(after.size() - 1)).isEqualTo("[DONE]");
    }
  }

  @Test
  void dropConnectionAfterCutsTheStreamWithAnIoException() throws Exception {
    server.enqueue(FakeResponse.text("one two three four").dropConnectionAfter(2));
    List<String> received = new ArrayList<>();

    try (Response response =
        http.newCall("/chat/completions", Http.chat("m", true, "hi")).execute()) {
      BufferedSource source = response.body().source();
      assertThatThrownBy(
              () -> {
                while (true) {
                  List<String> next = Http.readEvents(source, 1);
                  if (next.isEmpty()) {
                    return;
                  }
                  received.addAll(next);
                }
              })
          .isInstanceOf(IOException.class);
    }

    assertThat(received).hasSize(2).doesNotContain("[DONE]");
  }

  @Test
  void dropConnectionAfterZeroCutsAJsonBody() {
    server.enqueue(FakeResponse.text("never seen").dropConnectionAfter(0));

    assertThatThrownBy(
            () -> {
              try (Response response =
                  http.newCall("/chat/completions", Http.chat("m", false, "hi")).execute()) {
                response.body().string();
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void truncateAfterEndsTheBodyCleanlyWithoutFinishReasonOrDone() {
    server.enqueue(FakeResponse.text("one two three four").truncateAfter(3));

    List<String> events = http.stream(Http.chat("m", true, "hi"));

    assertThat(events).hasSize(3).doesNotContain("[DONE]");
    for (String event : events) {
      assertThat(Http.parse(event).at("/choices/0/finish_reason").isNull()).isTrue();
    }
  }

  @Test
  void truncateAfterMoreThanTheContentStillOmitsTheEnd() {
    server.enqueue(FakeResponse.text("one two").truncateAfter(100));

    List<String> events = http.stream(Http.chat("m", true, "hi"));

    assertThat(events).hasSize(3).doesNotContain("[DONE]");
  }

  @Test
  void stalledStreamSendsTheFirstChunkAndCloseReturnsPromptly() throws Exception {
    server.enqueue(FakeResponse.text("one two").stall());

    try (Response response =
        http.newCall("/chat/completions", Http.chat("m", true, "hi")).execute()) {
      BufferedSource source = response.body().source();
      List<String> first = Http.readEvents(source, 1);
      assertThat(Http.parse(first.get(0)).at("/choices/0/delta/role").asText())
          .isEqualTo("assistant");

      assertThat(timeToClose()).isLessThan(PROMPTLY);

      assertThatThrownBy(() -> Http.readEvents(source, Integer.MAX_VALUE))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void stalledJsonSendsHeadersOnlyAndCloseReturnsPromptly() throws Exception {
    server.enqueue(FakeResponse.text("never").stall().withHeader("x-stalled", "1"));

    try (Response response =
        http.newCall("/chat/completions", Http.chat("m", false, "hi")).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("x-stalled")).isEqualTo("1");

      assertThat(timeToClose()).isLessThan(PROMPTLY);

      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void closeDoesNotWaitForAGateThatNeverOpens() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    server.enqueue(FakeResponse.text("one two").pauseStreamAfter(1, gate));

    try (Response response =
        http.newCall("/chat/completions", Http.chat("m", true, "hi")).execute()) {
      assertThat(Http.readEvents(response.body().source(), 1)).hasSize(1);

      assertThat(timeToClose()).isLessThan(PROMPTLY);
    }
    assertThat(gate.getCount()).as("the gate is left alone").isEqualTo(1);
  }

  @Test
  void latencyDelaysTheHeadersAfterTheRequestIsRecorded() throws Exception {
    server.enqueue(FakeResponse.text("slow").withLatency(Duration.ofMinutes(1)));
    CompletableFuture<String> answer =
        CompletableFuture.supplyAsync(
            () -> http.post("/chat/completions", Http.chat("m", false, "hi")).body());

    RecordedCall call = server.takeRequest();

    assertThat(call.model()).isEqualTo("m");
    assertThat(answer).isNotDone();
    assertThat(timeToClose()).isLessThan(PROMPTLY);
    assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void latencyAndChunkDelayPaceTheAnswer() {
    server.enqueue(
        FakeResponse.text("a b c")
            .withLatency(Duration.ofMillis(100))
            .withChunkDelay(Duration.ofMillis(40)));
    long start = System.nanoTime();

    List<String> events = http.stream(Http.chat("m", true, "hi"));

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    // role, 3 deltas, finish, [DONE]: five delays between six chunks.
    assertThat(events).hasSize(6);
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(100 + 5 * 40));
  }

  @Test
  void scriptedHeadersReplaceDefaults() {
    server.enqueue(FakeResponse.echo().withHeader("content-type", "application/json; v=2"));

    Http.Result result = http.post("/chat/completions", Http.chat("m", false, "hi"));

    assertThat(result.header("Content-Type")).isEqualTo("application/json; v=2");
    JsonNode json = result.json();
    assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("Echo: hi");
  }

  private Duration timeToClose() {
    long start = System.nanoTime();
    server.close();
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
