package dev.llmgateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.model.Money;
import dev.llmgateway.testkit.FakeResponse;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys, reloads, disconnects, probes and shutdown, over plain HTTP. */
class ServerBehaviourTest {
  static final String CHAT =
      "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  @TempDir Path dir;
  ServerFixture f;
  final List<UsageRecord> records = new CopyOnWriteArrayList<>();

  void start(String extra) throws Exception {
    f = new ServerFixture(dir, extra, b -> b.usageSink(records::addAll));
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  static String keyOf(String keysOutput) {
    for (String line : keysOutput.split("\n")) {
      if (line.startsWith("key:")) {
        return line.substring(4).strip().split(" ")[0];
      }
    }
    throw new AssertionError("no key in " + keysOutput);
  }

  static String idOf(String keysOutput) {
    return keysOutput.split("\n")[0].substring(3).strip();
  }

  @Test
  void aKeyCreatedWithTheCliWorksAndIsRefusedAtOnceWhenRevoked() throws Exception {
    start("");
    String created = f.keys("create", "--tenant", "acme", "--name", "ci");
    String key = keyOf(created);
    assertThat(Files.readString(f.keysFile)).doesNotContain(key).contains(Secrets.sha256(key));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> f.call("POST", "/v1/chat/completions", key, CHAT).statusCode() == 200);
    assertThat(f.keys("list")).contains(idOf(created)).contains("active");

    f.keys("revoke", idOf(created));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> f.call("POST", "/v1/chat/completions", key, CHAT).statusCode() == 401);
    assertThat(f.keys("list")).contains("revoked");
    assertThat(f.call("POST", "/v1/chat/completions", f.acmeKey, CHAT).statusCode()).isEqualTo(200);
  }

  @Test
  void anAnswerSentBeforeTheBodyWasReadTellsTheCallerTheConnectionCloses() throws Exception {
    start("");
    String unknown = "not-" + "a-known-key";
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> refused = f.call("POST", "/v1/chat/completions", unknown, CHAT);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("connection")).hasValue("close");
      // The next request goes on a new connection, never on the one the server closes.
      assertThat(f.call("POST", "/v1/chat/completions", f.acmeKey, CHAT).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void aKeyRemovedFromTheConfigFileIsRefusedAfterTheReload() throws Exception {
    start("");
    assertThat(f.call("POST", "/v1/chat/completions", f.narrowKey, CHAT).statusCode())
        .isEqualTo(200);
    String yaml = Files.readString(f.config);
    Files.writeString(f.config, yaml.replaceAll("(?m)^    - \\{id: narrow-1.*\\n", ""));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> f.call("POST", "/v1/chat/completions", f.narrowKey, CHAT).statusCode() == 401);
    assertThat(f.call("POST", "/v1/chat/completions", f.acmeKey, CHAT).statusCode()).isEqualTo(200);
  }

  @Test
  void aKeysOwnLimitAnswers429WithRetryAfter() throws Exception {
    start("  requestsPerMinute: 1\n");
    assertThat(f.call("POST", "/v1/chat/completions", f.acmeKey, CHAT).statusCode()).isEqualTo(200);
    HttpResponse<String> refused = f.call("POST", "/v1/chat/completions", f.acmeKey, CHAT);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("rate_limit_exceeded").contains("acme-1");
    assertThat(f.upstream.requestCount()).isEqualTo(1);
  }

  @Test
  void aClientThatLeavesAStreamCancelsTheUpstreamCallAndKeepsNoReservation() throws Exception {
    start("");
    CountDownLatch never = new CountDownLatch(1);
    f.upstream.enqueue(FakeResponse.text("one two three four five six").pauseStreamAfter(2, never));
    String body =
        "{\"model\":\"fast\",\"stream\":true,\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}";
    try (Socket socket = new Socket("127.0.0.1", f.server.port())) {
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + f.acmeKey
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + bytes.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.contains("\"content\":\"one")) {
        // headers and the role chunk
      }
      assertThat(line).contains("one");
      BudgetStatus during = acmeBudget();
      assertThat(during.reserved()).isGreaterThan(Money.ZERO);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(records)
                    .anySatisfy(r -> assertThat(r.outcome()).isEqualTo(UsageOutcome.CANCELLED)));
    assertThat(acmeBudget().reserved()).isEqualTo(Money.ZERO);
    await().atMost(Duration.ofSeconds(10)).until(() -> f.upstream.hangUpCount() == 1);
    never.countDown();
  }

  BudgetStatus acmeBudget() {
    return f.server.gateway().budgets().status(BudgetScope.tenant("acme")).get(0);
  }

  @Test
  void modelsListWhatTheTenantMayUse() throws Exception {
    start("");
    JsonNode all = Json.MAPPER.readTree(f.call("GET", "/v1/models", f.acmeKey, null).body());
    assertThat(all.path("data").findValuesAsText("id")).containsExactly("embed", "fast", "sonnet");
    JsonNode narrow = Json.MAPPER.readTree(f.call("GET", "/v1/models", f.narrowKey, null).body());
    assertThat(narrow.path("data").findValuesAsText("id")).containsExactly("fast");
  }

  @Test
  void probesAndMetricsAnswerWithoutAKey() throws Exception {
    start("");
    assertThat(f.call("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(f.call("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
    f.call("POST", "/v1/chat/completions", f.acmeKey, CHAT);
    String metrics = f.call("GET", "/metrics", null, null).body();
    assertThat(metrics).contains("gen_ai_client_token_usage");
    assertThat(f.call("GET", "/nope", null, null).statusCode()).isEqualTo(404);
    assertThat(f.call("GET", "/v1/chat/completions", f.acmeKey, null).statusCode()).isEqualTo(405);
    assertThat(f.call("POST", "/v1/chat/completions", f.acmeKey, "{not json").statusCode())
        .isEqualTo(400);
  }

  @Test
  void usageIsReportedPerTenantAsJsonAndCsv() throws Exception {
    start("");
    f.upstream.respondByDefault(FakeResponse.text("four words of answer").withUsage(10, 4, 0, 0));
    for (int i = 0; i < 3; i++) {
      f.call("POST", "/v1/chat/completions", f.acmeKey, CHAT);
    }
    f.call("POST", "/v1/chat/completions", f.narrowKey, CHAT);
    await().atMost(Duration.ofSeconds(10)).until(() -> records.size() == 4);
    JsonNode acme =
        Json.MAPPER.readTree(f.call("GET", "/v1/usage?groupBy=model", f.acmeKey, null).body());
    assertThat(acme.path("total").path("requests").asLong()).isEqualTo(3);
    assertThat(acme.path("total").path("inputTokens").asLong()).isEqualTo(30);
    assertThat(acme.path("rows").get(0).path("model").asText()).isEqualTo("gpt-4o-mini");
    JsonNode admin =
        Json.MAPPER.readTree(f.call("GET", "/v1/usage?groupBy=tenant", f.adminKey, null).body());
    assertThat(admin.path("total").path("requests").asLong()).isEqualTo(4);
    assertThat(admin.path("rows").findValuesAsText("tenant")).contains("acme", "narrow");
    String csv = f.call("GET", "/v1/usage?groupBy=day&format=csv", f.narrowKey, null).body();
    assertThat(csv.split("\n")[0]).startsWith("day,requests,");
    assertThat(csv.split("\n")[1]).contains(",1,1,0,0,10,4,14,");
    assertThat(f.call("GET", "/v1/usage?groupBy=colour", f.acmeKey, null).statusCode())
        .isEqualTo(400);
  }

  @Test
  void aStopLetsAStreamInFlightFinish() throws Exception {
    start("");
    CountDownLatch gate = new CountDownLatch(1);
    f.upstream.enqueue(FakeResponse.text("alpha beta gamma").pauseStreamAfter(2, gate));
    String body =
        "{\"model\":\"fast\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    java.util.concurrent.CompletableFuture<HttpResponse<String>> response =
        f.http.sendAsync(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(f.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + f.acmeKey)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(10)).until(() -> f.upstream.requestCount() == 1);
    Thread stopper = new Thread(f.server::close);
    stopper.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> !f.server.ready());
    assertThat(stopper.isAlive()).isTrue();
    gate.countDown();
    HttpResponse<String> r = response.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("gamma").contains("[DONE]");
    stopper.join(10_000);
    assertThat(records).hasSize(1);
  }
}
