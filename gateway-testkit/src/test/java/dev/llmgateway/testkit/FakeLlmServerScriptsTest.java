package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerScriptsTest {
  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void sharedQueueComesFirstThenModelQueueThenModelDefaultThenServerDefault() {
    server
        .enqueue("gpt-4o", FakeResponse.text("model queue"))
        .enqueue(FakeResponse.text("shared queue"))
        .respondByDefault("gpt-4o", FakeResponse.text("model default"))
        .respondByDefault(FakeResponse.text("server default"));

    assertThat(answer("gpt-4o")).isEqualTo("shared queue");
    assertThat(answer("gpt-4o")).isEqualTo("model queue");
    assertThat(answer("gpt-4o")).isEqualTo("model default");
    assertThat(answer("gpt-4o")).isEqualTo("model default");
    assertThat(answer("other")).isEqualTo("server default");
  }

  @Test
  void modelQueuesAreSeparate() {
    server.enqueue("a", FakeResponse.text("a1")).enqueue("a", FakeResponse.text("a2"));
    server.enqueue("b", FakeResponse.text("b1"));

    assertThat(answer("b")).isEqualTo("b1");
    assertThat(answer("a")).isEqualTo("a1");
    assertThat(answer("b")).isEqualTo("Echo: hi");
    assertThat(answer("a")).isEqualTo("a2");
    assertThat(server.requestCount("a")).isEqualTo(2);
    assertThat(server.requestCount("b")).isEqualTo(2);
    assertThat(server.requestCount("c")).isZero();
    assertThat(server.requestCount()).isEqualTo(4);
  }

  @Test
  void takeRequestReturnsEachRequestOnceInOrder() {
    answer("first");
    http.stream(Http.chat("second", true, "streamed"));

    RecordedCall first = server.takeRequest();
    RecordedCall second = server.takeRequest();

    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/v1/chat/completions");
    assertThat(first.model()).isEqualTo("first");
    assertThat(first.stream()).isFalse();
    assertThat(first.headers()).containsEntry("authorization", "Bearer sk-test");
    assertThat(first.header("Authorization")).isEqualTo("Bearer sk-test");
    assertThat(first.headers().keySet()).allSatisfy(name -> assertThat(name).isLowerCase());
    assertThat(first.bodyJson().at("/messages/0/content").asText()).isEqualTo("hi");
    assertThat(second.model()).isEqualTo("second");
    assertThat(second.stream()).isTrue();
    assertThat(server.requests()).containsExactly(first, second);
  }

  @Test
  void takeRequestFailsWhenNothingArrives() {
    assertThatThrownBy(() -> server.takeRequest(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No request arrived")
        .hasMessageContaining(server.baseUrl());
  }

  @Test
  void bodyJsonOfANonJsonBodyFailsWithTheBody() {
    http.post("/chat/completions", "oops");

    RecordedCall call = server.takeRequest();

    assertThat(call.model()).isNull();
    assertThatThrownBy(call::bodyJson).hasMessageContaining("oops");
  }

  @Test
  void servesManyConcurrentClients() throws Exception {
    server.respondByDefault("scripted", FakeResponse.text("fixed"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String model = i % 2 == 0 ? "scripted" : "echoed";
        boolean stream = i % 4 < 2;
        answers.add(
            pool.submit(
                () ->
                    stream
                        ? String.join("|", http.stream(Http.chat(model, true, "hi")))
                        : answer(model)));
      }
      for (int i = 0; i < answers.size(); i++) {
        String answer = answers.get(i).get(30, TimeUnit.SECONDS);
        if (i % 4 >= 2) {
          assertThat(answer).isEqualTo(i % 2 == 0 ? "fixed" : "Echo: hi");
        } else {
          assertThat(answer).endsWith("[DONE]");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.requestCount()).isEqualTo(200);
    assertThat(server.requestCount("scripted")).isEqualTo(100);
    assertThat(server.requests()).hasSize(200);
  }

  @Test
  void withoutRecordingRequestsAreOnlyCounted() {
    answer("kept");
    server.recordRequests(false);
    answer("counted");
    answer("counted");

    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.requestCount("counted")).isEqualTo(2);
    assertThat(server.requests()).extracting(RecordedCall::model).containsExactly("kept");
  }

  @Test
  void closedServerRefusesConnections() {
    server.close();
    server.close();

    assertThatThrownBy(() -> http.post("/chat/completions", Http.chat("m", false, "hi")))
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  private String answer(String model) {
    return http.chatJson(Http.chat(model, false, "hi")).at("/choices/0/message/content").asText();
  }
}
