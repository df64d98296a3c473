package dev.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.redis.RedisServer;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: two {@code java -jar gateway-server.jar} processes with the same configuration file,
 * whose {@code stores} section points at one real {@code redis-server}, share a budget without
 * overshoot. Sixteen threads per server call until the budget refuses; the calls admitted by both
 * together cost exactly the budget, each reached the upstream once, and each refusal is a 429
 * {@code insufficient_quota}. Without the shared ledger each server would admit the whole budget.
 *
 * <p>A call costs exactly {@value #CENTS_PER_CALL} cents and reserves exactly that (input tokens
 * are free, output tokens cost $1,000 per million, {@code max_tokens} is 50 and the upstream
 * answers 50 output tokens), so the number of calls admitted is fixed by the budget whatever the
 * interleaving. Runs in the {@code integration-test} phase, after the jar is built.
 */
class ReplicasOnRedisIT {
  private static final int CENTS_PER_CALL = 5;
  private static final int OUTPUT_TOKENS = 50;
  private static final BigDecimal LIMIT = new BigDecimal("1.00");
  private static final int CALLS_IN_BUDGET = 20;
  private static final int THREADS_PER_SERVER = 16;
  private static final int MAX_CALLS_PER_THREAD = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String tenantKey = Secrets.newKey();
  private final String adminKey = Secrets.newKey();

  @Test
  void twoServerProcessesOnOneRedisShareABudgetWithoutOvershoot() throws Exception {
    if (!Files.isRegularFile(JarIT.JAR)) {
      throw new AssertionError(JarIT.JAR + " is missing: run the package phase first");
    }
    try (RedisServer redis = RedisServer.start();
        FakeLlmServer upstream = FakeLlmServer.start()) {
      upstream.recordRequests(false);
      upstream.respondByDefault(
          "metered", FakeResponse.text("counted").withUsage(12, OUTPUT_TOKENS, 0, 0));
      Path config = writeConfig(redis.uri(), upstream.baseUrl());
      List<ServerProcess> servers = new ArrayList<>();
      try {
        servers.add(ServerProcess.start(config, dir.resolve("server-a.log")));
        servers.add(ServerProcess.start(config, dir.resolve("server-b.log")));
        for (ServerProcess s : servers) {
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> get(s.uri, "/readyz", null).statusCode() == 200);
        }
        runAndCheck(servers, upstream);
      } finally {
        for (ServerProcess s : servers) {
          s.close();
        }
      }
    }
  }

  private void runAndCheck(List<ServerProcess> servers, FakeLlmServer upstream) throws Exception {
    Queue<HttpResponse<String>> refusals = new ConcurrentLinkedQueue<>();
    Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    List<AtomicInteger> admitted = List.of(new AtomicInteger(), new AtomicInteger());
    List<AtomicInteger> refused = List.of(new AtomicInteger(), new AtomicInteger());
    ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_SERVER);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < 2 * THREADS_PER_SERVER; t++) {
        int server = t % 2;
        URI uri = servers.get(server).uri;
        workers.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < MAX_CALLS_PER_THREAD; i++) {
                    HttpResponse<String> r = chat(uri);
                    if (r.statusCode() == 200) {
                      admitted.get(server).incrementAndGet();
                    } else {
                      if (r.statusCode() == 429) {
                        refused.get(server).incrementAndGet();
                        refusals.add(r);
                      } else {
                        unexpected.add(r.statusCode() + " " + r.body());
                      }
                      return null;
                    }
                  }
                  unexpected.add("no refusal after " + MAX_CALLS_PER_THREAD + " calls");
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> w : workers) {
        w.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(unexpected).isEmpty();
    int admittedBoth = admitted.get(0).get() + admitted.get(1).get();
    assertThat(admittedBoth)
        .as("calls admitted by both servers (a: %s, b: %s)", admitted.get(0), admitted.get(1))
        .isEqualTo(CALLS_IN_BUDGET);
    assertThat(upstream.requestCount()).isEqualTo(admittedBoth);
    assertThat(refusals).hasSize(2 * THREADS_PER_SERVER);
    for (HttpResponse<String> r : refusals) {
      JsonNode error = JSON.readTree(r.body()).path("error");
      assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
      assertThat(error.path("code").asText()).isEqualTo("budget_exceeded");
      assertThat(error.path("message").asText()).contains("tenant=acme");
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    }

    // Each server's usage holds its own calls; together they are the budget, to the cent.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              BigDecimal cost = BigDecimal.ZERO;
              for (int s = 0; s < 2; s++) {
                JsonNode total = usageTotal(servers.get(s).uri);
                assertThat(total.path("successes").asInt()).isEqualTo(admitted.get(s).get());
                cost = cost.add(new BigDecimal(total.path("costUsd").asText()));
              }
              assertThat(cost).isEqualByComparingTo(LIMIT);
            });

    // Both read the one ledger in Redis: all of it spent, nothing left reserved.
    for (ServerProcess s : servers) {
      JsonNode budget = acmeBudget(s.uri);
      assertThat(new BigDecimal(budget.path("limitUsd").asText())).isEqualByComparingTo(LIMIT);
      assertThat(new BigDecimal(budget.path("spentUsd").asText())).isEqualByComparingTo(LIMIT);
      assertThat(new BigDecimal(budget.path("reservedUsd").asText()))
          .isEqualByComparingTo(BigDecimal.ZERO);
    }
  }

  private Path writeConfig(String redisUri, String upstreamUrl) throws IOException {
    Path upstreamKey = Files.writeString(dir.resolve("upstream.key"), "fake-upstream-key");
    String yaml =
        "providers:\n"
            + "  openai:\n"
            + "    type: openai\n"
            + "    baseUrl: "
            + upstreamUrl
            + "\n"
            + "    apiKey: ${file:"
            + upstreamKey
            + "}\n"
            + "aliases:\n"
            + "  metered:\n"
            + "    targets:\n"
            + "      - {provider: openai, model: metered}\n"
            + "prices:\n"
            // $1,000 per million output tokens: 50 output tokens cost $0.05.
            + "  - {provider: openai, model: metered, input: \"0\", output: \"1000\"}\n"
            + "budgets:\n"
            + "  - scope: tenant=acme\n"
            + "    window: lifetime\n"
            + "    limit: \""
            + LIMIT.toPlainString()
            + "\"\n"
            + "stores:\n"
            + "  uri: "
            + redisUri
            + "\n"
            + "  failurePolicy: failClosed\n"
            + "server:\n"
            + "  host: 127.0.0.1\n"
            + "  port: 0\n"
            + "  adminKeySha256: "
            + Secrets.sha256(adminKey)
            + "\n"
            + "  shutdownTimeout: 5s\n"
            + "  keys:\n"
            + "    - {id: acme-1, tenant: acme, sha256: "
            + Secrets.sha256(tenantKey)
            + "}\n";
    return Files.writeString(dir.resolve("server.yaml"), yaml);
  }

  private HttpResponse<String> chat(URI server) throws IOException, InterruptedException {
    String body =
        "{\"model\":\"metered\",\"max_tokens\":"
            + OUTPUT_TOKENS
            + ","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Count me\"}]}";
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve("/v1/chat/completions"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + tenantKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI server, String path, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode usageTotal(URI server) throws IOException, InterruptedException {
    HttpResponse<String> r = get(server, "/v1/usage?tenant=acme", adminKey);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("total");
  }

  private JsonNode acmeBudget(URI server) throws IOException, InterruptedException {
    HttpResponse<String> r = get(server, "/dashboard/api/summary", adminKey);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> acme = new ArrayList<>();
    for (JsonNode b : JSON.readTree(r.body()).path("budgets")) {
      if ("tenant=acme".equals(b.path("scope").asText())) {
        acme.add(b);
      }
    }
    assertThat(acme).as(r.body()).hasSize(1);
    return acme.get(0);
  }

  /** {@code java -jar gateway-server.jar --config <file>} as its own process. */
  private static final class ServerProcess implements AutoCloseable {
    private static final String LISTENING = "LLM gateway server listening on ";
    final Process process;
    final URI uri;

    private ServerProcess(Process process, URI uri) {
      this.process = process;
      this.uri = uri;
    }

    static ServerProcess start(Path config, Path log) throws IOException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process p =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx256m",
                  "-jar",
                  JarIT.JAR.toString(),
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        URI uri =
            await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .failFast("the server exited; see " + log, () -> !p.isAlive())
                .until(() -> listening(log), u -> u != null);
        return new ServerProcess(p, uri);
      } catch (RuntimeException | Error e) {
        p.destroyForcibly();
        throw new AssertionError("the server did not start: " + Files.readString(log), e);
      }
    }

    private static URI listening(Path log) throws IOException {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith(LISTENING)) {
          return URI.create(line.substring(LISTENING.length()).strip());
        }
      }
      return null;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
