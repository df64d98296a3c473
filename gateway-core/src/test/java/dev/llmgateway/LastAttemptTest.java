package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After the last attempt the call may make, nothing is worth waiting for: neither a rate-limited
 * key's capacity nor a retry pause. The sleeper records every wait (and moves the fake clock).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LastAttemptTest {
  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final FakeClock clock = new FakeClock();
  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  private GatewayClient.Builder client(ScriptedProvider... providers) {
    return builder(providers)
        .clock(clock)
        .sleeper(
            (d, c) -> {
              waits.add(d);
              clock.advance(d);
              return true;
            });
  }

  private static ChatRequest request60s(String model) {
    return request(model).toBuilder().timeout(Duration.ofSeconds(60)).build();
  }

  @Test
  void aRateLimitWithRetryAfterOnTheOnlyAllowedAttemptFailsAtOnce() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(3)));
    try (GatewayClient gateway = client(a).maxAttempts(1).build()) {
      AllTargetsFailedException e =
          catchThrowableOfType(
              AllTargetsFailedException.class, () -> gateway.chat(request60s("a/m1")));

      assertThat(e.attempts())
          .extracting(Attempt::errorKind)
          .containsExactly(ErrorKind.RATE_LIMITED);
      assertThat(waits).as("no wait after the last attempt").isEmpty();
      assertThat(a.calls).hasSize(1);
    }
  }

  @Test
  void aRateLimitWithoutRetryAfterOnTheOnlyAllowedAttemptDoesNotWaitForTheCooldown() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED));
    try (GatewayClient gateway = client(a).maxAttempts(1).build()) {
      AllTargetsFailedException e =
          catchThrowableOfType(
              AllTargetsFailedException.class, () -> gateway.chat(request60s("a/m1")));

      assertThat(e.attempts()).hasSize(1);
      assertThat(waits).as("the 10 s cooldown is not waited for").isEmpty();
    }
  }

  @Test
  void aPlanWhoseLastAllowedAttemptFailedDoesNotWaitForAnEarlierRateLimitedTarget() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(3)));
    b.then("m2", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        client(a, b)
            .maxAttempts(2)
            .retriesPerTarget(0)
            .alias(
                "fast",
                s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()))
            .build()) {
      AllTargetsFailedException e =
          catchThrowableOfType(
              AllTargetsFailedException.class, () -> gateway.chat(request60s("fast")));

      assertThat(e.attempts())
          .extracting(Attempt::errorKind)
          .containsExactly(ErrorKind.RATE_LIMITED, ErrorKind.UNAVAILABLE);
      assertThat(waits).isEmpty();
    }
  }

  @Test
  void aRetryableFailureOnTheLastAllowedAttemptIsNotRetriedAfterItsPause() {
    a.then("m1", fail(ErrorKind.UNAVAILABLE, Duration.ofSeconds(1)));
    try (GatewayClient gateway = client(a).maxAttempts(1).retriesPerTarget(3).build()) {
      catchThrowableOfType(AllTargetsFailedException.class, () -> gateway.chat(request60s("a/m1")));

      assertThat(waits).isEmpty();
      assertThat(a.calls).hasSize(1);
    }
  }

  @Test
  void aCallWithAnAttemptLeftStillWaitsForTheRateLimitedKeyAndThenAnswers() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(3)));
    try (GatewayClient gateway = client(a).maxAttempts(2).retriesPerTarget(0).build()) {
      assertThat(gateway.chat(request60s("a/m1")).route().attempts()).hasSize(2);

      assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }
  }

  @Test
  void aCallDoesNotWaitForCapacityThatReturnsAfterItsDeadline() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(3)));
    try (GatewayClient gateway = client(a).maxAttempts(3).retriesPerTarget(0).build()) {
      ChatRequest r = request("a/m1").toBuilder().timeout(Duration.ofSeconds(2)).build();
      catchThrowableOfType(AllTargetsFailedException.class, () -> gateway.chat(r));

      assertThat(waits).isEmpty();
    }
  }
}
