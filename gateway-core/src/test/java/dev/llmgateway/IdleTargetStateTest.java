package dev.llmgateway;

import static dev.llmgateway.TestSupport.FAKE_KEY;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The state of targets addressed directly as {@code provider/model} expires after its idle time, so
 * a client called with ever new model names keeps a bounded footprint; alias targets and targets
 * with an attempt in flight keep theirs.
 */
class IdleTargetStateTest {
  private static final Duration IDLE = Duration.ofMinutes(1);
  private final FakeClock clock = new FakeClock();

  private static final TargetRef CONFIGURED = new TargetRef("e", "configured");
  private static final TargetRef BACKUP = new TargetRef("e", "backup");

  private static List<TargetRef> known(GatewayClient gateway) {
    return gateway.health().stream().map(TargetHealth::target).toList();
  }

  private static TargetHealth health(GatewayClient gateway, TargetRef target) {
    return gateway.health().stream()
        .filter(h -> h.target().equals(target))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aFallbackNamedAsProviderSlashModelKeepsItsStateLikeAnAliasTarget() {
    try (GatewayClient gateway =
        GatewayClient.builder()
            .clock(clock)
            .idleTargetExpiry(IDLE)
            .provider("e", p -> p.type("echo").apiKey(Secret.of(FAKE_KEY)))
            .alias("fixed", a -> a.target("e", "configured").fallback("e/backup"))
            .build()) {
      // Known before any call, as configured targets are.
      assertThat(known(gateway)).containsExactlyInAnyOrder(CONFIGURED, BACKUP);
      assertThat(health(gateway, BACKUP).latency()).isNull();

      // Addressed directly, it is the same state: one row, now with a latency.
      gateway.chat(request("e/backup"));
      assertThat(known(gateway)).containsExactlyInAnyOrder(CONFIGURED, BACKUP);
      assertThat(health(gateway, BACKUP).latency()).isNotNull();

      clock.advance(IDLE.multipliedBy(2));
      assertThat(known(gateway)).containsExactlyInAnyOrder(CONFIGURED, BACKUP);
      assertThat(health(gateway, BACKUP).latency()).isNotNull();
    }
  }

  @Test
  void aDirectlyAddressedTargetThatAReloadNamesAsFallbackGetsOneConfiguredState() {
    StringBuilder yaml = new StringBuilder(config(""));
    ConfigSource source = TestSupport.textSource("text", yaml);
    try (GatewayClient gateway =
        GatewayClient.builder()
            .clock(clock)
            .idleTargetExpiry(IDLE)
            .secretResolver(TestSupport.TEST_KEYS)
            .configSource(source)
            .build()) {
      gateway.chat(request("e/backup"));
      assertThat(known(gateway)).containsExactlyInAnyOrder(CONFIGURED, BACKUP);

      yaml.setLength(0);
      yaml.append(config("    fallbacks: [e/backup]\n"));
      gateway.reload();

      // The idle cache's state gave way to the configured one, which does not expire.
      assertThat(known(gateway)).containsExactlyInAnyOrder(CONFIGURED, BACKUP);
      assertThat(health(gateway, BACKUP).latency()).isNull();
      clock.advance(IDLE.multipliedBy(2));
      gateway.chat(request("e/backup"));
      assertThat(known(gateway)).containsExactlyInAnyOrder(CONFIGURED, BACKUP);
      assertThat(health(gateway, BACKUP).latency()).isNotNull();
    }
  }

  private static String config(String fallbacks) {
    return "providers:\n"
        + "  e: {type: echo, apiKey: '${test:e}'}\n"
        + "aliases:\n"
        + "  fixed:\n"
        + "    targets: [{provider: e, model: configured}]\n"
        + fallbacks;
  }

  @Test
  @Timeout(120)
  void aHundredThousandDirectlyAddressedModelsAreDroppedAfterTheirIdleTime() {
    try (GatewayClient gateway =
        GatewayClient.builder()
            .clock(clock)
            .idleTargetExpiry(IDLE)
            .provider("e", p -> p.type("echo").apiKey(Secret.of(FAKE_KEY)))
            .alias("fixed", a -> a.target("e", "configured"))
            .build()) {
      int n = 100_000;
      for (int i = 0; i < n; i++) {
        gateway.chat(request("e/model-" + i));
      }
      assertThat(gateway.health()).hasSize(n + 1);

      clock.advance(IDLE.minusSeconds(1));
      gateway.chat(request("e/model-7"));
      clock.advance(Duration.ofSeconds(2));

      // Only the alias target (kept for the client's life) and the model used within the idle
      // time are left.
      assertThat(known(gateway))
          .containsExactly(new TargetRef("e", "configured"), new TargetRef("e", "model-7"));

      clock.advance(IDLE);
      assertThat(known(gateway)).containsExactly(new TargetRef("e", "configured"));
      // A later call starts afresh.
      assertThat(gateway.chat(request("e/model-42")).text()).isEqualTo("hello");
      assertThat(known(gateway)).hasSize(2);
    }
  }

  @Test
  @Timeout(30)
  void aTargetWithAnAttemptInFlightIsNotDroppedAndExpiresOnceIdleAfterIt() throws Exception {
    ScriptedProvider a = new ScriptedProvider("a");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    a.then(
        "slow",
        (p, r, c) -> {
          entered.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ScriptedProvider.answer("late").run(p, r, c);
        });
    TargetRef slow = new TargetRef("a", "slow");
    try (GatewayClient gateway =
        builder(a)
            .clock(clock)
            .defaultTimeout(Duration.ofHours(1))
            .idleTargetExpiry(IDLE)
            .build()) {
      gateway.chat(request("a/other"));
      CompletableFuture<ChatResponse> call =
          CompletableFuture.supplyAsync(() -> gateway.chat(request("a/slow")));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

      clock.advance(IDLE.multipliedBy(3));
      List<TargetHealth> during = gateway.health();
      assertThat(during).extracting(TargetHealth::target).containsExactly(slow);
      assertThat(during.get(0).inFlight()).isEqualTo(1);

      release.countDown();
      assertThat(call.get(10, TimeUnit.SECONDS).text()).isEqualTo("late");
      await().atMost(Duration.ofSeconds(10)).until(() -> gateway.health().get(0).inFlight() == 0);
      // The attempt's end handed the state back: it is kept for a full idle time from then on.
      assertThat(known(gateway)).containsExactly(slow);
      assertThat(gateway.health().get(0).latency()).isNotNull();

      clock.advance(IDLE.plusSeconds(1));
      assertThat(gateway.health()).isEmpty();
    }
  }
}
