package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the server holds on to: requests it was told not to keep, threads of stalled answers. */
@Timeout(60)
class FakeLlmServerResourcesTest {
  /** Bounds a wait for something that happens at once; only a broken server reaches it. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void withoutRecordingNothingIsKeptPerRequestNotEvenByMockWebServer() throws Exception {
    server.recordRequests(false);

    for (int i = 0; i < 2_000; i++) {
      assertThat(http.post("/chat/completions", Http.chat("m", i % 2 == 0, "hi")).status())
          .isEqualTo(200);
    }

    assertThat(server.requestCount()).isEqualTo(2_000);
    assertThat(server.requests()).isEmpty();
    assertThatThrownBy(() -> server.takeRequest(Duration.ZERO))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("2000 received so far");
    assertThat(server.drainMockWebServerQueue()).as("requests left in MockWebServer").isZero();
  }

  @Test
  void recordedRequestsAreKeptOnceNotAlsoByMockWebServer() throws Exception {
    for (int i = 0; i < 50; i++) {
      http.post("/chat/completions", Http.chat("m", false, "hi"));
    }
    http.post("/nowhere", "{}");

    assertThat(server.requests()).hasSize(51);
    assertThat(server.drainMockWebServerQueue()).as("requests left in MockWebServer").isZero();
  }

  @Test
  void aStalledAnswerEndsWhenTheClientCancelsWhileTheServerStaysOpen() throws Exception {
    server.enqueue(FakeResponse.text("never").stall());
    Call call = http.newCall("/chat/completions", Http.chat("m", false, "hi"));

    try (Response response = call.execute()) {
      assertThat(response.code()).isEqualTo(200);
      // The headers may reach the client just before the body writer starts; then it stalls.
      await().atMost(BOUND).until(() -> server.responsesInProgress() == 1);

      call.cancel();

      await().atMost(BOUND).until(() -> server.responsesInProgress() == 0);
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
    assertThat(http.chatJson(Http.chat("m", false, "after")).at("/choices/0/message/content"))
        .hasToString("\"Echo: after\"");
  }

  @Test
  void aStalledStreamEndsWhenTheClientClosesItWhileTheServerStaysOpen() throws Exception {
    server.enqueue(FakeResponse.text("one two").stall());

    try (Response response =
        http.newCall("/chat/completions", Http.chat("m", true, "hi")).execute()) {
      BufferedSource source = response.body().source();
      List<String> first = Http.readEvents(source, 1);
      assertThat(first).hasSize(1);
      // The first event is written by the body writer, which then stalls.
      assertThat(server.responsesInProgress()).isEqualTo(1);
    } // closing an unfinished body drops the connection

    await().atMost(BOUND).until(() -> server.responsesInProgress() == 0);
    assertThat(http.stream(Http.chat("m", true, "after"))).last().isEqualTo("[DONE]");
  }

  @Test
  void manyAbandonedStallsHoldNoThreads() throws Exception {
    server.respondByDefault(FakeResponse.echo().stall());

    for (int i = 0; i < 20; i++) {
      Call call = http.newCall("/chat/completions", Http.chat("m", false, "hi"));
      try (Response response = call.execute()) {
        assertThat(response.code()).isEqualTo(200);
        call.cancel();
      }
    }

    await().atMost(BOUND).until(() -> server.responsesInProgress() == 0);
    assertThat(server.requestCount()).isEqualTo(20);
  }
}
