package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.FAKE_KEY;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResilienceTest {
  private static final TargetRef A = new TargetRef("a", "m1");
  private static final TargetRef B = new TargetRef("b", "m2");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final FakeClock clock = new FakeClock();

  private GatewayClient.Builder ordered() {
    return builder(a, b)
        .clock(clock)
        .alias(
            "fast", s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()));
  }

  private static TargetHealth health(GatewayClient gateway, TargetRef target) {
    return gateway.health().stream().filter(h -> h.target().equals(target)).findFirst().get();
  }

  @Test
  void breakerOpensSkipsTheOpenTargetAndAProbeAfterTheOpenDurationClosesIt() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        ordered()
            .retriesPerTarget(0)
            .circuitBreaker(c -> c.consecutiveFailures(3, Duration.ofMinutes(5)))
            .build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(gateway.chat(request("fast")).route().target()).isEqualTo(B);
      }
      assertThat(a.calls).hasSize(3);
      assertThat(health(gateway, A).keys().get(0).circuit()).isEqualTo(CircuitState.OPEN);
      assertThat(health(gateway, A).available()).isFalse();

      // Open: never tried, not even first; it sits at the end of the plan as a last resort.
      assertThat(gateway.explain(request("fast")).targets()).containsExactly(B, A);
      assertThat(gateway.explain(request("fast")).steps().get(1).reason())
          .startsWith("last resort: Circuit 'a/m1#default' is OPEN");
      for (int i = 0; i < 10; i++) {
        ChatResponse r = gateway.chat(request("fast"));
        assertThat(r.route().attempts()).extracting(Attempt::target).containsExactly(B);
      }
      assertThat(a.calls).hasSize(3);

      // After the open duration one probe goes through; it succeeds and closes the circuit.
      a.always("m1", answer("back"));
      clock.advance(Duration.ofMinutes(5).plusMillis(1));
      assertThat(gateway.chat(request("fast")).text()).isEqualTo("back");
      assertThat(health(gateway, A).keys().get(0).circuit()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void aFailedProbeReopensTheCircuitForLonger() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        ordered()
            .retriesPerTarget(0)
            .circuitBreaker(
                c ->
                    c.consecutiveFailures(2, Duration.ofSeconds(10))
                        .maxOpenDuration(Duration.ofMinutes(1)))
            .build()) {
      gateway.chat(request("fast"));
      gateway.chat(request("fast"));
      TargetHealth first = health(gateway, A);
      assertThat(first.keys().get(0).circuitOpenUntil()).isEqualTo(clock.instant().plusSeconds(10));

      clock.advance(Duration.ofSeconds(10).plusMillis(1));
      gateway.chat(request("fast")); // the probe fails
      assertThat(a.calls).hasSize(3);
      assertThat(health(gateway, A).keys().get(0).circuitOpenUntil())
          .isEqualTo(clock.instant().plusSeconds(20));
      assertThat(health(gateway, A).keys().get(0).circuit()).isEqualTo(CircuitState.OPEN);
    }
  }

  @Test
  void everyCircuitTransitionIsReportedOnceInOrderWithItsOpenDuration() {
    List<String> transitions = new CopyOnWriteArrayList<>();
    GatewayEventListener listener =
        new GatewayEventListener() {
          @Override
          public void circuitStateChanged(
              TargetRef target, String keyId, CircuitState from, CircuitState to) {
            transitions.add(target + "#" + keyId + " " + from + "->" + to);
          }
        };
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        ordered()
            .retriesPerTarget(0)
            .eventListener(listener)
            .circuitBreaker(
                c ->
                    c.consecutiveFailures(2, Duration.ofSeconds(10))
                        .maxOpenDuration(Duration.ofMinutes(1)))
            .build()) {
      for (int i = 0; i < 5; i++) {
        gateway.chat(request("fast")); // two failures open it; the others go to b
      }
      assertThat(transitions).containsExactly("a/m1#default CLOSED->OPEN");
      assertThat(health(gateway, A).keys().get(0).circuitOpenUntil())
          .isEqualTo(clock.instant().plusSeconds(10));

      clock.advance(Duration.ofSeconds(10).plusMillis(1));
      gateway.chat(request("fast")); // the probe fails: open again, for twice as long
      assertThat(health(gateway, A).keys().get(0).circuitOpenUntil())
          .isEqualTo(clock.instant().plusSeconds(20));

      a.always("m1", answer("back"));
      clock.advance(Duration.ofSeconds(20).plusMillis(1));
      assertThat(gateway.chat(request("fast")).text()).isEqualTo("back"); // the probe closes it
      for (int i = 0; i < 5; i++) {
        assertThat(gateway.chat(request("fast")).route().target()).isEqualTo(A);
      }
      assertThat(transitions)
          .containsExactly(
              "a/m1#default CLOSED->OPEN",
              "a/m1#default OPEN->HALF_OPEN",
              "a/m1#default HALF_OPEN->OPEN",
              "a/m1#default OPEN->HALF_OPEN",
              "a/m1#default HALF_OPEN->CLOSED");

      // Closed resets the count of openings in a row: the next opening is the first again.
      a.always("m1", fail(ErrorKind.UNAVAILABLE));
      gateway.chat(request("fast"));
      gateway.chat(request("fast"));
      assertThat(health(gateway, A).keys().get(0).circuitOpenUntil())
          .isEqualTo(clock.instant().plusSeconds(10));
      assertThat(transitions).hasSize(6).last().isEqualTo("a/m1#default CLOSED->OPEN");
    }
  }

  @Test
  void rateLimitedKeyCoolsDownForRetryAfterAndTheNextAttemptsUseTheOtherKey() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(30)));
    try (GatewayClient gateway =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(a))
            .clock(clock)
            .seed(1)
            .provider(
                "a",
                s ->
                    s.type("scripted")
                        .keySelection(ProviderSpec.KeySelection.ROUND_ROBIN)
                        .key("A", Secret.of(FAKE_KEY))
                        .key("B", Secret.of(FAKE_KEY)))
            .build()) {
      ChatResponse first = gateway.chat(request("a/m1"));
      assertThat(a.keyIds()).containsExactly("A", "B");
      assertThat(first.route().keyId()).isEqualTo("B");
      assertThat(health(gateway, A).key("A").coolingUntil())
          .isEqualTo(clock.instant().plusSeconds(30));

      for (int i = 0; i < 6; i++) {
        assertThat(gateway.chat(request("a/m1")).route().keyId()).isEqualTo("B");
      }
      clock.advance(Duration.ofSeconds(30));
      List<String> after = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 4; i++) {
        after.add(gateway.chat(request("a/m1")).route().keyId());
      }
      assertThat(after).contains("A", "B");
    }
  }

  @Test
  void anAuthenticationFailureDisablesTheKeyAndTheTargetStaysUp() {
    a.then("m1", fail(ErrorKind.AUTHENTICATION));
    RecordingListener listener = new RecordingListener();
    List<String> disabled = new CopyOnWriteArrayList<>();
    try (GatewayClient gateway =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(a))
            .clock(clock)
            .eventListener(listener)
            .eventListener(
                new GatewayEventListener() {
                  @Override
                  public void keyDisabled(
                      String provider, String keyId, TargetRef target, ErrorKind kind) {
                    disabled.add(provider + "#" + keyId + " " + kind);
                  }
                })
            .provider(
                "a",
                s ->
                    s.type("scripted")
                        .keySelection(ProviderSpec.KeySelection.ROUND_ROBIN)
                        .key("A", Secret.of(FAKE_KEY))
                        .key("B", Secret.of(FAKE_KEY)))
            .build()) {
      assertThat(gateway.chat(request("a/m1")).route().keyId()).isEqualTo("B");
      for (int i = 0; i < 5; i++) {
        assertThat(gateway.chat(request("a/m1")).route().keyId()).isEqualTo("B");
      }
      assertThat(disabled).containsExactly("a#A AUTHENTICATION");
      TargetHealth h = health(gateway, A);
      assertThat(h.available()).isTrue();
      assertThat(h.key("A").disabledReason()).contains("AUTHENTICATION");
      assertThat(h.key("B").available()).isTrue();
    }
  }

  @Test
  void whenEveryKeyCoolsDownTheCallWaitsForTheEarliestRecoveryWithinItsDeadline() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(3)));
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    try (GatewayClient gateway =
        builder(a)
            .clock(clock)
            .retriesPerTarget(0)
            .sleeper(
                (d, c) -> {
                  pauses.add(d);
                  clock.advance(d);
                  return true;
                })
            .build()) {
      ChatRequest r = request("a/m1").toBuilder().timeout(Duration.ofSeconds(10)).build();
      assertThat(gateway.chat(r).route().attempts()).hasSize(2);
      assertThat(pauses).containsExactly(Duration.ofSeconds(3));
    }
  }

  @Test
  void whenCapacityDoesNotReturnInTimeTheCallFailsSayingWhen() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(30)));
    try (GatewayClient gateway = builder(a).clock(clock).retriesPerTarget(0).build()) {
      ChatRequest r = request("a/m1").toBuilder().timeout(Duration.ofSeconds(10)).build();
      catchThrowable(() -> gateway.chat(r));
      CapacityUnavailableException e =
          catchThrowableOfType(CapacityUnavailableException.class, () -> gateway.chat(r));
      assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(e.availableAt()).isEqualTo(clock.instant().plusSeconds(30));
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
      assertThat(a.calls).hasSize(1);
    }
  }

  @Test
  void aTwoSecondDeadlineAgainstHangingTargetsEndsInTimeWithinItsAttemptCap() {
    // The targets hang in fake time, so the test measures the exact time the call takes.
    ScriptedProvider c = new ScriptedProvider("c");
    a.always("m1", ScriptedProvider.hangOn(clock));
    b.always("m2", ScriptedProvider.hangOn(clock));
    c.always("m3", ScriptedProvider.hangOn(clock));
    try (GatewayClient gateway =
        builder(a, b, c)
            .clock(clock)
            .maxAttempts(2)
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .target("c", "m3")
                        .strategy(RoutingStrategy.ordered()))
            .build()) {
      ChatRequest r = request("fast").toBuilder().timeout(Duration.ofSeconds(2)).build();
      java.time.Instant start = clock.instant();
      ProviderException e = catchThrowableOfType(ProviderException.class, () -> gateway.chat(r));
      Duration took = Duration.between(start, clock.instant());
      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(took).isEqualTo(Duration.ofSeconds(2));
      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(a.calls.size() + b.calls.size() + c.calls.size()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void retryBudgetStopsARetryStormDuringAnOutage() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        ordered()
            .retriesPerTarget(3)
            .maxAttempts(10)
            .retryBudget(0.2, 2, Duration.ofSeconds(10))
            .circuitBreaker(c -> c.enabled(false))
            .build()) {
      for (int i = 0; i < 50; i++) {
        gateway.chat(request("fast"));
      }
      // 50 first tries; retries at most 2 + 20% of the attempts in the window.
      assertThat(a.calls.size() - 50).isLessThanOrEqualTo(2 + (int) (0.2 * a.calls.size()) + 1);
      assertThat(a.calls.size()).isLessThan(50 * 2);
    }
  }

  @Test
  void hedgingCallsTheNextTargetWhenThePrimaryIsSlowAndCancelsThePrimary() {
    AtomicReference<ProviderCall> primaryCall = new AtomicReference<>();
    java.util.concurrent.CountDownLatch primaryEntered = new java.util.concurrent.CountDownLatch(1);
    a.always(
        "m1",
        (p, r, c) -> {
          primaryCall.set(c);
          primaryEntered.countDown();
          throw ScriptedProvider.hangUntilTimeout("a", "m1", c);
        });
    // The hedge answers only once the primary is in flight, however late its thread starts.
    b.always(
        "m2",
        (p, r, c) -> {
          try {
            assertThat(primaryEntered.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return answer("hedged").run(p, r, c);
        });
    RecordingListener listener = new RecordingListener();
    try (GatewayClient gateway =
        builder(a, b)
            .eventListener(listener)
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .strategy(RoutingStrategy.ordered())
                        .hedge(Duration.ofMillis(50)))
            .build()) {
      ChatRequest r = request("fast").toBuilder().timeout(Duration.ofSeconds(20)).build();
      ChatResponse response = gateway.chat(r);
      assertThat(response.route().target()).isEqualTo(B);
      assertThat(primaryCall.get().cancellation().isCancelled()).isTrue();
      assertThat(response.route().attempts()).extracting(Attempt::target).containsExactly(A, B);
      assertThat(health(gateway, A).inFlight()).isBetween(0, 1);
    }
    // The hedge fired, each attempt started and ended once: the winner, and the loser cancelled.
    assertThat(listener.events)
        .filteredOn(e -> !e.startsWith("attemptStart"))
        .containsExactly(
            "callStart CHAT fast",
            "routeResolved [a/m1, b/m2]",
            "hedgeStarted b/m2",
            "attemptEnd b/m2",
            "attemptFailed a/m1 TIMEOUT",
            "callEnd b/m2");
    assertThat(listener.events)
        .filteredOn(e -> e.startsWith("attemptStart"))
        .extracting(e -> e.substring(0, e.indexOf('#')))
        .containsExactlyInAnyOrder("attemptStart a/m1", "attemptStart b/m2");
  }

  @Test
  void aHedgedAttemptStillRunningWhenTheCallFailsGetsItsEnd() {
    java.util.concurrent.CountDownLatch hedgeEntered = new java.util.concurrent.CountDownLatch(1);
    a.always(
        "m1",
        (p, r, c) -> {
          try {
            assertThat(hedgeEntered.await(10, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          throw new ProviderException(ErrorKind.INVALID_REQUEST, "a", "m1", "bad request", null);
        });
    b.always(
        "m2",
        (p, r, c) -> {
          hedgeEntered.countDown();
          throw ScriptedProvider.hangUntilTimeout("b", "m2", c);
        });
    RecordingListener listener = new RecordingListener();
    try (GatewayClient gateway =
        builder(a, b)
            .eventListener(listener)
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .strategy(RoutingStrategy.ordered())
                        .hedge(Duration.ofMillis(20)))
            .build()) {
      ChatRequest r = request("fast").toBuilder().timeout(Duration.ofSeconds(20)).build();
      assertThat(catchThrowable(() -> gateway.chat(r))).isNotNull();
    }
    assertThat(listener.events)
        .filteredOn(e -> e.startsWith("attempt"))
        .extracting(e -> e.contains("#") ? e.substring(0, e.indexOf('#')) : e)
        .containsExactlyInAnyOrder(
            "attemptStart a/m1",
            "attemptStart b/m2",
            "attemptFailed a/m1 INVALID_REQUEST",
            "attemptFailed b/m2 TIMEOUT");
    assertThat(listener.events.get(listener.events.size() - 1)).startsWith("callFailed");
  }

  @Test
  void explainShowsTheOrderTheNextCallFollows() {
    ScriptedProvider c = new ScriptedProvider("c");
    ScriptedProvider d = new ScriptedProvider("d");
    for (ScriptedProvider p : List.of(a, b, c, d)) {
      p.always("m", fail(ErrorKind.UNAVAILABLE));
    }
    try (GatewayClient gateway =
        builder(a, b, c, d)
            .seed(2024)
            .retriesPerTarget(0)
            .maxAttempts(10)
            .circuitBreaker(x -> x.enabled(false))
            .alias(
                "fast",
                s -> s.target("a", "m", 4).target("b", "m", 3).target("c", "m", 2).fallback("d/m"))
            .build()) {
      for (int i = 0; i < 20; i++) {
        RoutePlan plan = gateway.explain(request("fast"));
        AllTargetsFailedException e =
            catchThrowableOfType(
                AllTargetsFailedException.class, () -> gateway.chat(request("fast")));
        assertThat(e.attempts()).extracting(Attempt::target).isEqualTo(plan.targets());
        assertThat(plan.targets().get(3)).isEqualTo(new TargetRef("d", "m"));
      }
    }
  }

  @Test
  void aStreamFallsBackBeforeItsFirstChunk() {
    a.thenStream(
        "m1",
        (r, c) -> {
          throw new ProviderException(ErrorKind.UNAVAILABLE, "a", "m1", "down", null);
        });
    try (GatewayClient gateway = ordered().retriesPerTarget(0).build();
        ChatStream stream = gateway.stream(request("fast"))) {
      StringBuilder text = new StringBuilder();
      stream.forEach(ch -> text.append(ch.text()));
      assertThat(text.toString()).isEqualTo("ok from b");
      assertThat(stream.response().route().attempts())
          .extracting(Attempt::target)
          .containsExactly(A, B);
    }
  }

  @Test
  void callOptionsStillCapAttemptsAcrossKeysRetriesAndFallbacks() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    b.always("m2", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway = ordered().retriesPerTarget(5).maxAttempts(12).build()) {
      ChatRequest r =
          request("fast").toBuilder().options(new CallOptions(null, 3, java.util.Map.of())).build();
      AllTargetsFailedException e =
          catchThrowableOfType(AllTargetsFailedException.class, () -> gateway.chat(r));
      assertThat(e.attempts()).hasSize(3);
    }
  }
}
