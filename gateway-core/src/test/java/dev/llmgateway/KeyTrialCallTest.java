package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.FAKE_KEY;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A key disabled after a 401 or 403 gets one trial call after its interval. */
class KeyTrialCallTest {
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final TargetRef M1 = new TargetRef("a", "m1");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final FakeClock clock = new FakeClock();
  private final List<String> events = new CopyOnWriteArrayList<>();

  private GatewayClient oneKey(Duration interval) {
    return GatewayClient.builder()
        .providerFactory(new ScriptedFactory(a))
        .clock(clock)
        .waitForCapacity(false)
        .disabledKeyProbeInterval(interval)
        .eventListener(
            new GatewayEventListener() {
              @Override
              public void keyDisabled(
                  String provider, String keyId, @Nullable TargetRef target, ErrorKind kind) {
                events.add("disabled " + keyId + " " + kind);
              }

              @Override
              public void keyReprobed(
                  String provider, String keyId, TargetRef target, @Nullable ErrorKind failure) {
                events.add("reprobed " + keyId + " on " + target + " " + failure);
              }

              @Override
              public void keyEnabled(String provider, String keyId, @Nullable TargetRef target) {
                events.add("enabled " + keyId + " " + target);
              }
            })
        .provider("a", s -> s.type("scripted").key("A", Secret.of(FAKE_KEY)))
        .build();
  }

  private static KeyHealth keyA(GatewayClient gateway) {
    return gateway.health().stream()
        .filter(h -> h.target().equals(M1))
        .findFirst()
        .orElseThrow()
        .key("A");
  }

  @Test
  void aDisabledKeyIsEnabledAgainWhenItsTrialCallAfterTheIntervalSucceeds() {
    a.then("m1", fail(ErrorKind.AUTHENTICATION));
    try (GatewayClient gateway = oneKey(INTERVAL)) {
      assertThat(catchThrowable(() -> gateway.chat(request("a/m1")))).isNotNull();
      assertThat(events).containsExactly("disabled A AUTHENTICATION");
      assertThat(keyA(gateway).disabledReason())
          .contains("AUTHENTICATION")
          .contains("trial call from " + clock.instant().plus(INTERVAL));

      // Before the interval: no call reaches the provider.
      clock.advance(INTERVAL.minusSeconds(1));
      assertThat(catchThrowable(() -> gateway.chat(request("a/m1")))).isNotNull();
      assertThat(a.calls).hasSize(1);

      clock.advance(Duration.ofSeconds(1));
      assertThat(gateway.chat(request("a/m1")).text()).isEqualTo("ok from a/m1");
      assertThat(a.calls).hasSize(2);
      assertThat(events)
          .containsExactly(
              "disabled A AUTHENTICATION", "reprobed A on a/m1 null", "enabled A null");
      assertThat(keyA(gateway).disabledReason()).isNull();
      assertThat(keyA(gateway).available()).isTrue();
      assertThat(gateway.chat(request("a/m1")).text()).isEqualTo("ok from a/m1");
    }
  }

  @Test
  void aRefusedTrialKeepsTheKeyDisabledAndRestartsTheInterval() {
    a.then("m1", fail(ErrorKind.AUTHENTICATION), fail(ErrorKind.AUTHENTICATION), answer("rotated"));
    try (GatewayClient gateway = oneKey(INTERVAL)) {
      catchThrowable(() -> gateway.chat(request("a/m1")));
      clock.advance(INTERVAL);
      assertThat(catchThrowable(() -> gateway.chat(request("a/m1")))).isNotNull();
      assertThat(a.calls).hasSize(2);
      assertThat(events)
          .containsExactly("disabled A AUTHENTICATION", "reprobed A on a/m1 AUTHENTICATION");
      assertThat(keyA(gateway).disabledReason())
          .contains("trial call from " + clock.instant().plus(INTERVAL));

      // The interval counts from the refused trial.
      clock.advance(INTERVAL.minusSeconds(1));
      assertThat(catchThrowable(() -> gateway.chat(request("a/m1")))).isNotNull();
      assertThat(a.calls).hasSize(2);
      clock.advance(Duration.ofSeconds(1));
      assertThat(gateway.chat(request("a/m1")).text()).isEqualTo("rotated");
      assertThat(events).endsWith("reprobed A on a/m1 null", "enabled A null");
    }
  }

  @Test
  @Timeout(30)
  void concurrentCallsDoNotAllTryTheDisabledKey() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    a.then(
        "m1",
        fail(ErrorKind.AUTHENTICATION),
        (p, r, c) -> {
          entered.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return answer("trial").run(p, r, c);
        });
    try (GatewayClient gateway = oneKey(INTERVAL)) {
      catchThrowable(() -> gateway.chat(request("a/m1")));
      clock.advance(INTERVAL);
      CompletableFuture<ChatResponse> trial =
          CompletableFuture.supplyAsync(() -> gateway.chat(request("a/m1")));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(catchThrowable(() -> gateway.chat(request("a/m1"))))
            .hasMessageContaining("a trial call is under way");
      }
      assertThat(keyA(gateway).disabledReason()).contains("a trial call is under way");
      assertThat(a.calls).hasSize(2);
      release.countDown();
      assertThat(trial.get(10, TimeUnit.SECONDS).text()).isEqualTo("trial");
      assertThat(keyA(gateway).disabledReason()).isNull();
    }
  }

  @Test
  void aTrialWithoutAVerdictOnTheKeyLetsTheNextCallTryAgain() {
    a.then(
        "m1", fail(ErrorKind.AUTHENTICATION), fail(ErrorKind.UNAVAILABLE), answer("second trial"));
    try (GatewayClient gateway = oneKey(INTERVAL)) {
      catchThrowable(() -> gateway.chat(request("a/m1")));
      clock.advance(INTERVAL);
      // retriesPerTarget retries the same key within the call: the 503 gives the trial back.
      assertThat(gateway.chat(request("a/m1")).text()).isEqualTo("second trial");
      assertThat(events)
          .containsExactly(
              "disabled A AUTHENTICATION", "reprobed A on a/m1 null", "enabled A null");
    }
  }

  @Test
  void aZeroIntervalKeepsDisabledKeysDisabled() {
    a.then("m1", fail(ErrorKind.AUTHENTICATION));
    try (GatewayClient gateway = oneKey(Duration.ZERO)) {
      catchThrowable(() -> gateway.chat(request("a/m1")));
      clock.advance(Duration.ofDays(365));
      assertThat(catchThrowable(() -> gateway.chat(request("a/m1")))).isNotNull();
      assertThat(a.calls).hasSize(1);
      assertThat(keyA(gateway).disabledReason()).isEqualTo("disabled after AUTHENTICATION");
    }
  }

  @Test
  void settingsRejectBadValuesNamingThem() {
    assertThatThrownBy(
            () -> GatewayClient.builder().disabledKeyProbeInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("disabledKeyProbeInterval must not be negative, was PT-1S");
    assertThatThrownBy(() -> GatewayClient.builder().idleTargetExpiry(Duration.ZERO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("idleTargetExpiry must be positive, was PT0S");
  }
}
