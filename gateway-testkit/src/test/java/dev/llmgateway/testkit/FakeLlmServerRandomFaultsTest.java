package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seeded random faults and connection resets. */
@Timeout(60)
class FakeLlmServerRandomFaultsTest {
  private static final FakeResponse UNAVAILABLE =
      FakeResponse.error(503, "server_error", null, "unavailable");

  private final FakeLlmServer server = FakeLlmServer.start();
  private final Http http = new Http(server);

  @AfterEach
  void tearDown() {
    http.close();
    server.close();
  }

  @Test
  void theSameSeedGivesTheSameFaultsAtTheSamePlaces() {
    List<Integer> first = statuses(server, 0.2, 42, 300);
    List<Integer> again;
    List<Integer> otherSeed;
    try (FakeLlmServer second = FakeLlmServer.start();
        FakeLlmServer third = FakeLlmServer.start()) {
      again = statuses(second, 0.2, 42, 300);
      otherSeed = statuses(third, 0.2, 43, 300);
    }

    assertThat(first).contains(503).contains(200);
    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void aboutTheRatioOfRequestsGetAFault() {
    List<Integer> statuses = statuses(server, 0.05, 7, 4_000);

    long faults = statuses.stream().filter(s -> s == 503).count();
    long answered = statuses.stream().filter(s -> s == 200).count();

    // 4,000 draws at 5 %: 200 expected, standard deviation 13.8; the bound is 4 deviations.
    assertThat(faults).isBetween(145L, 255L);
    assertThat(faults + answered).isEqualTo(4_000);
  }

  @Test
  void queuedAnswersAreNeverReplacedByAFault() {
    server.faultRatio(1, 1, UNAVAILABLE);
    server.enqueue(FakeResponse.text("queued"));
    server.enqueue("m", FakeResponse.text("queued for m"));

    List<Integer> statuses = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Http.Result result = http.post("/chat/completions", Http.chat("m", false, "hi"));
      statuses.add(result.status());
      bodies.add(result.body());
    }

    assertThat(statuses).containsExactly(200, 200, 503);
    assertThat(bodies.get(0)).contains("\"queued\"");
    assertThat(bodies.get(1)).contains("\"queued for m\"");
  }

  @Test
  void faultsArePickedFromAllTheGivenOnesAndModelDefaultsTakeThemToo() {
    server.respondByDefault("m", FakeResponse.text("model default"));
    server.faultRatio(1, 3, UNAVAILABLE, FakeResponse.rateLimited(Duration.ofSeconds(1)));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      statuses.add(http.post("/chat/completions", Http.chat("m", false, "hi")).status());
    }

    assertThat(statuses).containsOnly(503, 429).contains(503, 429);
  }

  @Test
  void aRatioOfZeroTurnsFaultsOff() {
    server.faultRatio(1, 5, UNAVAILABLE);
    assertThat(http.post("/chat/completions", Http.chat("m", false, "hi")).status()).isEqualTo(503);

    server.faultRatio(0, 5);

    for (int i = 0; i < 20; i++) {
      assertThat(http.post("/chat/completions", Http.chat("m", false, "hi")).status())
          .isEqualTo(200);
    }
  }

  @Test
  void faultRatioRejectsBadArguments() {
    assertThatThrownBy(() -> server.faultRatio(1.5, 1, UNAVAILABLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ratio must be between 0 and 1 but was 1.5");
    assertThatThrownBy(() -> server.faultRatio(Double.NaN, 1, UNAVAILABLE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> server.faultRatio(-0.1, 1, UNAVAILABLE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.faultRatio(0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> server.faultRatio(0.1, 1, UNAVAILABLE, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("faults[1]");
  }

  @Test
  void connectionResetSendsATcpResetBeforeAnyHeader() throws Exception {
    server.enqueue(FakeResponse.connectionReset());
    String body = "{\"model\":\"m\"}";
    byte[] request =
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.US_ASCII);

    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();

      assertThatThrownBy(in::read)
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
    assertThat(server.takeRequest().model()).isEqualTo("m");
  }

  @Test
  void anHttpClientSeesAnIoErrorAndNoStatusPlainAndStreamed() {
    OkHttpClient noRetry = http.client.newBuilder().retryOnConnectionFailure(false).build();
    Http client = new Http(server, noRetry);
    server.respondByDefault(FakeResponse.connectionReset());

    for (boolean stream : List.of(false, true)) {
      assertThatThrownBy(
              () -> {
                try (Response response =
                    client.newCall("/chat/completions", Http.chat("m", stream, "hi")).execute()) {
                  throw new AssertionError("got a response: " + response.code());
                }
              })
          .isInstanceOf(IOException.class);
    }
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void connectionResetWaitsForItsLatencyAndDescribesItself() {
    FakeResponse reset = FakeResponse.connectionReset().withLatency(Duration.ofMillis(50));

    assertThat(reset.latency()).isEqualTo(Duration.ofMillis(50));
    assertThat(reset).hasToString("FakeResponse{echo, reset}");
    assertThat(FakeResponse.connectionReset().stall().ending())
        .isEqualTo(FakeResponse.Ending.STALL);
  }

  /** The statuses of {@code n} sequential plain requests to a server with the given faults. */
  private static List<Integer> statuses(FakeLlmServer target, double ratio, long seed, int n) {
    target.faultRatio(ratio, seed, UNAVAILABLE);
    List<Integer> statuses = new ArrayList<>();
    try (Http client = new Http(target)) {
      for (int i = 0; i < n; i++) {
        statuses.add(client.post("/chat/completions", Http.chat("m", false, "hi")).status());
      }
    }
    return statuses;
  }
}
