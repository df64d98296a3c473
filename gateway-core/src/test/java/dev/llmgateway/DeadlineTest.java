package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");

  private GatewayClient.Builder twoTargets() {
    return builder(a, b)
        .alias(
            "fast", s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()));
  }

  @Test
  void hangingTargetsEndWithTimeoutWithinTheDeadline() {
    // The targets hang in fake time, so the test measures the exact time the call takes.
    FakeClock clock = new FakeClock();
    a.always("m1", ScriptedProvider.hangOn(clock));
    b.always("m2", ScriptedProvider.hangOn(clock));
    try (GatewayClient gateway = twoTargets().clock(clock).build()) {
      ChatRequest request =
          request("fast").toBuilder().options(CallOptions.timeout(Duration.ofMillis(300))).build();
      Instant start = clock.instant();

      ProviderException e =
          catchThrowableOfType(ProviderException.class, () -> gateway.chat(request));

      Duration took = Duration.between(start, clock.instant());
      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(e.getMessage()).contains("exceeded its deadline of PT0.3S");
      assertThat(took).isEqualTo(Duration.ofMillis(300));
      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofMillis(300));
      assertThat(b.calls).as("no time is left for the fallback").isEmpty();
    }
  }

  @Test
  void eachAttemptGetsTheTimeLeftBeforeTheDeadline() {
    FakeClock clock = new FakeClock();
    a.always(
        "m1",
        (p, r, c) -> {
          clock.advance(Duration.ofSeconds(2));
          throw new ProviderException(ErrorKind.UNAVAILABLE, "a", "m1", "down", null);
        });
    try (GatewayClient gateway = twoTargets().clock(clock).retriesPerTarget(0).build()) {
      ChatRequest request =
          request("fast").toBuilder().options(CallOptions.timeout(Duration.ofSeconds(5))).build();

      gateway.chat(request);

      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(b.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void failsWithTimeoutCarryingTheAttemptsWhenTheDeadlinePassesBetweenAttempts() {
    FakeClock clock = new FakeClock();
    a.always(
        "m1",
        (p, r, c) -> {
          clock.advance(Duration.ofSeconds(6));
          throw new ProviderException(ErrorKind.UNAVAILABLE, "a", "m1", "down", null);
        });
    try (GatewayClient gateway = twoTargets().clock(clock).build()) {
      ChatRequest request =
          request("fast").toBuilder().options(CallOptions.timeout(Duration.ofSeconds(5))).build();

      ProviderException e =
          catchThrowableOfType(ProviderException.class, () -> gateway.chat(request));

      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(((ProviderException) e.getCause()).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
      assertThat(e.getMessage())
          .contains("after 1 attempt(s)")
          .contains("[a/m1#default: UNAVAILABLE]");
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void usesTheClientDefaultTimeoutWhenTheCallSetsNone() {
    FakeClock clock = new FakeClock();
    try (GatewayClient gateway =
        twoTargets().clock(clock).defaultTimeout(Duration.ofSeconds(7)).build()) {
      gateway.chat(request("fast"));
      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(7));
    }
  }
}
