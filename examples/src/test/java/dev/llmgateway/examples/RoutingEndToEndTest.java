package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeLlmServerExtension;
import dev.llmgateway.testkit.FakeResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Routing and resilience over real HTTP: the OpenAI adapter against the test kit's fake server on
 * loopback, with an injected clock for breaker timing.
 */
@ExtendWith(FakeLlmServerExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutingEndToEndTest {
  private static final TargetRef PRIMARY = new TargetRef("primary", "gpt-4o-mini");
  private static final TargetRef SECONDARY = new TargetRef("secondary", "gpt-4.1-mini");

  private final FakeLlmServer server;

  RoutingEndToEndTest(FakeLlmServer server) {
    this.server = server;
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).user("What is a circuit breaker?").build();
  }

  private GatewayClient.Builder twoProviders(String primaryUrl) {
    return GatewayClient.builder()
        .provider(
            "primary", p -> p.type("openai").baseUrl(primaryUrl).apiKey(Secret.of("test-key-1")))
        .provider(
            "secondary",
            p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("test-key-2")))
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .seed(11);
  }

  @Test
  void anOutageOfThePrimaryIsServedByTheFallbackAndItsOpenCircuitIsNotCalledUntilAProbe() {
    FakeClock clock = new FakeClock();
    server.respondByDefault("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "down"));
    server.respondByDefault("gpt-4.1-mini", FakeResponse.text("from the fallback"));
    try (GatewayClient gateway =
        twoProviders(server.baseUrl())
            .clock(clock)
            .circuitBreaker(c -> c.consecutiveFailures(3, Duration.ofSeconds(30)))
            .alias(
                "fast",
                a ->
                    a.target("primary", "gpt-4o-mini")
                        .target("secondary", "gpt-4.1-mini")
                        .strategy(RoutingStrategy.ordered()))
            .build()) {
      for (int i = 0; i < 20; i++) {
        ChatResponse answer = gateway.chat(ask("fast"));
        assertThat(answer.text()).isEqualTo("from the fallback");
        assertThat(answer.route().target()).isEqualTo(SECONDARY);
      }
      // 3 failures (each call: one try and one retry) open the circuit; nothing after that.
      int primaryCalls = server.requestCount("gpt-4o-mini");
      assertThat(primaryCalls).isBetween(3, 4);
      assertThat(health(gateway, PRIMARY).keys().get(0).circuit()).isEqualTo(CircuitState.OPEN);
      for (int i = 0; i < 10; i++) {
        assertThat(gateway.chat(ask("fast")).route().attempts())
            .extracting(Attempt::target)
            .containsExactly(SECONDARY);
      }
      assertThat(server.requestCount("gpt-4o-mini")).isEqualTo(primaryCalls);

      server.respondByDefault("gpt-4o-mini", FakeResponse.text("primary is back"));
      clock.advance(Duration.ofSeconds(31));
      assertThat(gateway.chat(ask("fast")).text()).isEqualTo("primary is back");
      assertThat(health(gateway, PRIMARY).keys().get(0).circuit()).isEqualTo(CircuitState.CLOSED);
      assertThat(server.requestCount("gpt-4o-mini")).isEqualTo(primaryCalls + 1);
    }
  }

  @Test
  void aStreamThatFailsBeforeItsFirstChunkFallsBackAndOneThatFailsAfterItEndsTyped() {
    server.respondByDefault("gpt-4o-mini", FakeResponse.error(503, "server_error", null, "down"));
    server.respondByDefault("gpt-4.1-mini", FakeResponse.text("one two three"));
    try (GatewayClient gateway =
        twoProviders(server.baseUrl())
            .retriesPerTarget(0)
            .alias(
                "fast",
                a ->
                    a.target("primary", "gpt-4o-mini")
                        .target("secondary", "gpt-4.1-mini")
                        .strategy(RoutingStrategy.ordered()))
            .build()) {
      try (ChatStream stream = gateway.stream(ask("fast"))) {
        StringBuilder text = new StringBuilder();
        for (ChatChunk chunk : stream) {
          text.append(chunk.text());
        }
        assertThat(text.toString()).isEqualTo("one two three");
        assertThat(stream.response().route().target()).isEqualTo(SECONDARY);
      }

      server.enqueue(
          "gpt-4.1-mini", FakeResponse.text("one two three four").dropConnectionAfter(2));
      Throwable thrown =
          catchThrowable(
              () -> {
                try (ChatStream stream = gateway.stream(ask("fast"))) {
                  stream.forEach(chunk -> {});
                }
              });
      assertThat(thrown).isInstanceOf(StreamInterruptedException.class);
      assertThat(((StreamInterruptedException) thrown).partialText()).startsWith("one");
      assertThat(((StreamInterruptedException) thrown).target()).isEqualTo(SECONDARY);
    }
  }

  @Test
  void hedgingAnswersFromTheFastSecondaryAndCancelsTheSlowPrimaryWhoseServerSeesTheClose()
      throws Exception {
    server.respondByDefault(
        "gpt-4o-mini", FakeResponse.text("slow").withLatency(Duration.ofSeconds(30)));
    // The fast answer is sent only once the primary's request has reached the server, so the
    // primary is in flight when it loses, however late its thread starts.
    CountDownLatch primaryArrived = new CountDownLatch(1);
    server.respondByDefault(
        "gpt-4.1-mini", FakeResponse.text("fast answer").pauseStreamAfter(0, primaryArrived));
    Thread opener =
        new Thread(
            () -> {
              for (int i = 0; i < 2 && primaryArrived.getCount() > 0; i++) {
                if ("gpt-4o-mini".equals(server.takeRequest().model())) {
                  primaryArrived.countDown();
                }
              }
            });
    opener.setDaemon(true);
    opener.start();
    try (ClosingProxy proxy = new ClosingProxy(URI.create(server.baseUrl()));
        GatewayClient gateway =
            twoProviders(proxy.baseUrl())
                .alias(
                    "fast",
                    a ->
                        a.target("primary", "gpt-4o-mini")
                            .target("secondary", "gpt-4.1-mini")
                            .strategy(RoutingStrategy.ordered())
                            .hedge(Duration.ofMillis(100)))
                .build()) {
      ChatRequest request = ask("fast").toBuilder().timeout(Duration.ofSeconds(20)).build();
      long start = System.nanoTime();
      ChatResponse answer = gateway.chat(request);
      assertThat(answer.text()).isEqualTo("fast answer");
      assertThat(answer.route().target()).isEqualTo(SECONDARY);
      // The primary's connection was closed by the client: its server side sees the end.
      assertThat(proxy.clientClosed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      assertThat(server.requestCount("gpt-4o-mini")).isEqualTo(1);
    }
  }

  private static TargetHealth health(GatewayClient gateway, TargetRef target) {
    return gateway.health().stream().filter(h -> h.target().equals(target)).findFirst().get();
  }

  /**
   * A loopback TCP proxy in front of the fake server that notices when a client closes its
   * connection before the server answered: what a cancelled call looks like from the server side.
   */
  static final class ClosingProxy implements AutoCloseable {
    final CountDownLatch clientClosed = new CountDownLatch(1);
    private final ServerSocket listener;
    private final URI upstream;

    ClosingProxy(URI upstream) throws IOException {
      this.upstream = upstream;
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread accept = new Thread(this::acceptLoop, "closing-proxy");
      accept.setDaemon(true);
      accept.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + listener.getLocalPort() + upstream.getPath();
    }

    private void acceptLoop() {
      while (!listener.isClosed()) {
        try {
          Socket client = listener.accept();
          Socket server = new Socket(InetAddress.getLoopbackAddress(), upstream.getPort());
          pump(server.getInputStream(), client.getOutputStream(), client, server, false);
          pump(client.getInputStream(), server.getOutputStream(), client, server, true);
        } catch (IOException e) {
          return;
        }
      }
    }

    private void pump(
        InputStream in, OutputStream out, Socket client, Socket server, boolean fromClient) {
      Thread t =
          new Thread(
              () -> {
                byte[] buffer = new byte[8192];
                try {
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (IOException e) {
                  // Connection ended.
                }
                if (fromClient) {
                  clientClosed.countDown();
                }
                closeQuietly(client);
                closeQuietly(server);
              },
              "closing-proxy-pump");
      t.setDaemon(true);
      t.start();
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException e) {
        // Ignored.
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
