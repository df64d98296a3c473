package dev.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.model.Money;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1 and 2: app instances as separate JVM processes (children started with this test's
 * class path, running {@link InstanceMain}) against one Redis and the fake LLM server.
 */
class TwoProcessesTest {
  private static RedisServer redis;

  @BeforeAll
  static void startServer() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (redis != null) {
      redis.close();
    }
  }

  private static Process child(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(InstanceMain.class.getName());
    command.addAll(List.of(args));
    Path log = Path.of("target", "child-" + name + ".log");
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(command).redirectError(log.toFile()).start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static String lastLine(BufferedReader r) throws IOException {
    String last = null;
    try (r) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        last = line;
      }
    }
    return last;
  }

  private static Map<String, Long> parse(String line) {
    Map<String, Long> m = new TreeMap<>();
    for (String part : line.split(" ")) {
      String[] kv = part.split("=");
      m.put(kv[0], Long.parseLong(kv[1]));
    }
    return m;
  }

  @Test
  void twoProcessesWith32ThreadsEachShareADollarBudget() throws Exception {
    redis.flush();
    try (FakeLlmServer llm = FakeLlmServer.start();
        RedisStores parent = RedisStores.builder(redis.uri()).build()) {
      llm.respondByDefault(FakeResponse.text("ok").withUsage(1, 99, 0, 0));
      Process a = child("spend-a", "spend", redis.uri(), llm.baseUrl(), "32");
      Process b = child("spend-b", "spend", redis.uri(), llm.baseUrl(), "32");
      BufferedReader fromA = reader(a);
      BufferedReader fromB = reader(b);
      assertThat(fromA.readLine()).isEqualTo("READY");
      assertThat(fromB.readLine()).isEqualTo("READY");
      for (Process p : List.of(a, b)) {
        p.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
      }
      String outA = lastLine(fromA);
      String outB = lastLine(fromB);
      assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(a.exitValue()).as("child a: see target/child-spend-a.log").isZero();
      assertThat(b.exitValue()).as("child b: see target/child-spend-b.log").isZero();
      System.out.println("instance a: " + outA + "; instance b: " + outB);
      Map<String, Long> ra = parse(outA);
      Map<String, Long> rb = parse(outB);

      BudgetLedger ledger = parent.ledger(ZoneOffset.UTC);
      BudgetStatus s = ledger.status(InstanceMain.GLOBAL, Instant.now());
      long spent = ra.get("spent") + rb.get("spent");
      assertThat(ra.get("admitted")).as("instance a took part").isPositive();
      assertThat(rb.get("admitted")).as("instance b took part").isPositive();
      assertThat(s.spent().nanos()).as("every admitted call is accounted").isEqualTo(spent);
      assertThat(s.spent()).isLessThanOrEqualTo(Money.usd("1.00"));
      assertThat(s.spent().nanos())
          .as("the budget was used up to less than one call's reservation")
          .isGreaterThan(Money.usd("0.99").nanos());
      assertThat(s.reserved()).isEqualTo(Money.ZERO);
      assertThat((long) llm.requestCount()).isEqualTo(ra.get("admitted") + rb.get("admitted"));
    }
  }

  @Test
  void aKilledInstanceLeavesNoStuckAmountOnceItsLeasesExpire() throws Exception {
    redis.flush();
    try (RedisStores parent = RedisStores.builder(redis.uri()).build()) {
      BudgetLedger ledger = parent.ledger(ZoneOffset.UTC);
      Process holder = child("hold", "hold", redis.uri(), "1500");
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
        assertThat(out.readLine()).isEqualTo("HELD");
        assertThat(ledger.status(InstanceMain.GLOBAL, Instant.now()).reserved())
            .isEqualTo(Money.usd("0.30"));
        holder.destroyForcibly();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  ledger.status(InstanceMain.GLOBAL, Instant.now()).reserved().equals(Money.ZERO));
      BudgetStatus s = ledger.status(InstanceMain.GLOBAL, Instant.now());
      assertThat(s.spent()).isEqualTo(Money.ZERO);
      assertThat(s.remaining()).isEqualTo(Money.usd("1.00"));
    }
  }
}
