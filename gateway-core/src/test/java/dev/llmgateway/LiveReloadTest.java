package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.SnapshotSwapTest.FreshFactory;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.ConfigProblem;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload from a real file (acceptance 3 of issue 11): a weight and a budget limit changed
 * while calls run; an invalid edit rejected while the last good configuration keeps serving.
 */
class LiveReloadTest {
  private static final Money PER_MILLION = Money.usd("1");
  private static final TargetRef A = new TargetRef("a", "m");
  private static final TargetRef B = new TargetRef("b", "m");
  private static final TargetRef C = new TargetRef("c", "m");

  @TempDir Path dir;

  private final FreshFactory factory = new FreshFactory();
  private final ExecutorService caller = Executors.newSingleThreadExecutor();
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final GatewayEventListener listener =
      new GatewayEventListener() {
        @Override
        public void configReloaded(String source, long version) {
          events.add(version);
        }

        @Override
        public void configRejected(String source, List<ConfigProblem> problems) {
          events.add(problems);
        }
      };

  @AfterEach
  void stop() {
    caller.shutdownNow();
  }

  private static String yaml(int weightA, int weightB, String limit, String extra) {
    return "providers:\n"
        + "  a: {type: scripted, apiKey: '${test:a}'}\n"
        + "  b: {type: scripted, apiKey: '${test:b}'}\n"
        + "  c: {type: scripted, apiKey: '${test:c}'}\n"
        + "aliases:\n"
        + "  chat:\n"
        + "    targets:\n"
        + "      - {provider: a, model: m, weight: "
        + weightA
        + "}\n"
        + "      - {provider: b, model: m, weight: "
        + weightB
        + "}\n"
        + "  slow:\n"
        + "    targets: [{provider: c, model: m}]\n"
        + "retriesPerTarget: 0\n"
        + "budgets:\n"
        + "  - window: monthly\n"
        + "    limit: \""
        + limit
        + "\"\n"
        + extra;
  }

  /** What code adds to the file: the provider factory, prices, seed, the listener. */
  private GatewayClient.Builder code() {
    return GatewayClient.builder()
        .providerFactory(factory)
        .secretResolver(TestSupport.TEST_KEYS)
        .retryBackoff(Duration.ZERO, Duration.ZERO)
        .seed(42)
        .prices(p -> p.model("scripted", "m", PER_MILLION, PER_MILLION))
        .eventListener(listener);
  }

  private static ChatRequest request(String model) {
    return ChatRequest.builder()
        .model(model)
        .user("hello")
        .maxTokens(100)
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  private static BudgetStatus budget(GatewayClient gateway) {
    return gateway.budgets().status(BudgetScope.global()).get(0);
  }

  private static long callsTo(GatewayClient gateway, TargetRef target, int calls) {
    long n = 0;
    for (int i = 0; i < calls; i++) {
      if (gateway.chat(request("chat")).route().target().equals(target)) {
        n++;
      }
    }
    return n;
  }

  /** Writes the file as editors that save atomically do: a new file renamed over the old one. */
  private static void replace(Path file, String text) throws IOException {
    Path tmp = Files.writeString(file.resolveSibling(file.getFileName() + ".tmp"), text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private @Nullable Object nextEvent() throws InterruptedException {
    return events.poll(30, TimeUnit.SECONDS);
  }

  @Test
  void aWeightAndABudgetLimitChangeWhileCallsRunAndAnInvalidEditIsRejected() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    factory.scripts.put("a", p -> p.always("m", answer("a")));
    factory.scripts.put("b", p -> p.always("m", answer("b")));
    factory.scripts.put(
        "c",
        p ->
            p.always(
                "m",
                (prov, r, c) -> {
                  entered.countDown();
                  try {
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                  } catch (InterruptedException e) {
                    throw new AssertionError(e);
                  }
                  return answer("c in flight").run(prov, r, c);
                }));
    Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml(9, 1, "10", ""));

    try (GatewayClient gateway = code().configSource(ConfigSource.file(file)).build()) {
      assertThat(callsTo(gateway, A, 40)).isGreaterThanOrEqualTo(32);
      Money spent = budget(gateway).spent();
      assertThat(spent.isZero()).isFalse();
      assertThat(budget(gateway).budget().limit()).isEqualTo(Money.usd("10"));

      Future<ChatResponse> inFlight = caller.submit(() -> gateway.chat(request("slow")));
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

      replace(file, yaml(1, 9, "20", ""));
      assertThat(nextEvent()).isEqualTo(2L);

      // The running window took the new limit and kept what was spent.
      assertThat(budget(gateway).budget().limit()).isEqualTo(Money.usd("20"));
      assertThat(budget(gateway).spent()).isEqualTo(spent);
      assertThat(callsTo(gateway, B, 40)).isGreaterThanOrEqualTo(32);
      assertThat(budget(gateway).spent().compareTo(spent)).isPositive();
      // Same provider instances: none of a, b and c changed.
      assertThat(factory.created).hasSize(3);

      release.countDown();
      ChatResponse old = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(old.route().target()).isEqualTo(C);
      assertThat(old.text()).isEqualTo("c in flight");

      // An invalid edit: weight 0 and an unknown key. Rejected; version 2 keeps serving.
      Money before = budget(gateway).spent();
      PrintStream err = System.err;
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      Object rejected;
      try {
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        replace(file, yaml(0, 9, "20", "retrys: 2\n"));
        rejected = nextEvent();
      } finally {
        System.setErr(err);
      }
      assertThat(rejected).isInstanceOf(List.class);
      assertThat(((List<?>) rejected).stream().map(Object::toString))
          .anyMatch(p -> p.startsWith("aliases.chat.targets[0].weight: must be at least 1"))
          .anyMatch(p -> p.startsWith("retrys: unknown key"))
          .hasSize(2);
      assertThat(log.toString(StandardCharsets.UTF_8))
          .contains("WARN")
          .contains("Reload rejected")
          .contains("aliases.chat.targets[0].weight")
          .contains("retrys")
          .doesNotContain("test-key-123");
      assertThat(callsTo(gateway, B, 40)).isGreaterThanOrEqualTo(32);
      assertThat(budget(gateway).budget().limit()).isEqualTo(Money.usd("20"));
      assertThat(budget(gateway).spent().compareTo(before)).isPositive();
    }
    assertThat(factory.created).allMatch(p -> p.closed.get());
  }

  @Test
  void reloadTakesTheSourceNowAndKeepsWhatCodeAdded() {
    StringBuilder text = new StringBuilder(yaml(1, 1, "10", ""));
    ConfigSource table = TestSupport.textSource("table", text);
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (GatewayClient gateway =
        code()
            .interceptor(
                chain -> {
                  seen.add(chain.request().model());
                  return chain.proceed(chain.request());
                })
            .configSource(table)
            .build()) {
      text.setLength(0);
      text.append(yaml(1, 1, "10", "").replace("  slow:", "  fast:"));
      assertThat(gateway.reload()).isEqualTo(2);
      assertThat(events).containsExactly(2L);
      assertThat(gateway.chat(request("fast")).route().target()).isEqualTo(C);
      assertThat(seen).containsExactly("fast");
      assertThatThrownBy(() -> gateway.chat(request("slow"))).hasMessageContaining("slow");

      // A change of state the running client keeps is refused, naming the key.
      text.append("circuitBreaker: {enabled: false}\n");
      assertThatThrownBy(gateway::reload)
          .isInstanceOf(ConfigException.class)
          .satisfies(
              e ->
                  assertThat(((ConfigException) e).problems())
                      .extracting(ConfigProblem::path)
                      .containsExactly("circuitBreaker"));
      assertThat(gateway.chat(request("fast")).route().target()).isEqualTo(C);
    }
  }

  @Test
  void aClientWithoutASourceCannotReloadNorOneClosed() throws IOException {
    GatewayConfig config = GatewayConfig.parse(yaml(1, 1, "10", ""), "x", TestSupport.TEST_KEYS);
    try (GatewayClient gateway = code().config(config).build()) {
      assertThatThrownBy(gateway::reload)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no ConfigSource");
    }
    Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml(1, 1, "10", ""));
    GatewayClient gateway = code().configSource(ConfigSource.file(file)).build();
    gateway.close();
    assertThatThrownBy(gateway::reload)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
