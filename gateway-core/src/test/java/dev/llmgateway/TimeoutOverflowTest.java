package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.FAKE_KEY;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durations whose end does not fit in a {@code long} of nanoseconds (about 292 years) saturate:
 * they mean "longer than anything", never an {@link ArithmeticException}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimeoutOverflowTest {
  private static final Duration THOUSAND_YEARS = Duration.ofDays(365_000);
  private static final Duration MAX_MILLIS = Duration.ofMillis(Long.MAX_VALUE);
  private static final Duration TWO_HUNDRED_YEARS = Duration.ofDays(365L * 200);

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final FakeClock clock = new FakeClock();
  private final RecordingListener listener = new RecordingListener();
  private final CollectingSink sink = new CollectingSink();

  private GatewayClient.Builder client() {
    return builder(a, b).clock(clock).eventListener(listener).usage(u -> u.sink(sink));
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MAX_VALUE, 365_000L * 86_400_000L})
  void aPerCallTimeoutBeyondWhatNanosecondsHoldIsAnsweredWithEventsAndARecord(long millis) {
    ChatRequest r =
        request("a/m").toBuilder().options(CallOptions.timeout(Duration.ofMillis(millis))).build();
    try (GatewayClient gateway = client().build()) {
      assertThat(gateway.chat(r).text()).isEqualTo("ok from a/m");
      assertThat(a.calls.get(0).timeout()).isGreaterThan(TWO_HUNDRED_YEARS);
      assertThat(listener.events).first().isEqualTo("callStart CHAT a/m");
      assertThat(listener.events).last().isEqualTo("callEnd a/m");
    }
    assertThat(sink.records).extracting(UsageRecord::outcome).containsExactly(UsageOutcome.SUCCESS);
  }

  @Test
  void aThousandYearDefaultTimeoutServesChatStreamEmbedAndAsyncCalls() throws Exception {
    try (GatewayClient gateway = client().defaultTimeout(THOUSAND_YEARS).build()) {
      assertThat(gateway.chat(request("a/m")).text()).isEqualTo("ok from a/m");
      try (ChatStream stream = gateway.stream(request("a/m"))) {
        StringBuilder text = new StringBuilder();
        stream.forEach(c -> text.append(c.text()));
        assertThat(text.toString()).isEqualTo("ok from a");
      }
      assertThat(gateway.embed(EmbeddingRequest.of("a/emb", List.of("x"))).embeddings()).hasSize(1);
      assertThat(gateway.chatAsync(request("a/m")).get(10, TimeUnit.SECONDS).text())
          .isEqualTo("ok from a/m");
      assertThat(a.calls).allSatisfy(c -> assertThat(c.timeout()).isGreaterThan(TWO_HUNDRED_YEARS));
    }
    assertThat(sink.records)
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(UsageOutcome.SUCCESS));
  }

  @Test
  void aProviderTimeoutUnderAnOverflowingDeadlineEndsTypedWithEventsAndARecord() {
    a.then(
        "m",
        (p, r, c) -> {
          throw new ProviderException(ErrorKind.TIMEOUT, "a", "m", "read timeout after 60 s", null);
        });
    ChatRequest r =
        request("a/m").toBuilder().options(new CallOptions(MAX_MILLIS, 1, Map.of())).build();
    try (GatewayClient gateway = client().build()) {
      Throwable e = catchThrowable(() -> gateway.chat(r));

      assertThat(e).isInstanceOf(AllTargetsFailedException.class);
      assertThat(listener.events).last().isEqualTo("callFailed AllTargetsFailedException");
    }
    assertThat(sink.records).extracting(UsageRecord::errorKind).containsExactly(ErrorKind.TIMEOUT);
  }

  @Test
  void theSaturatedDeadlineCountsDownAcrossAttempts() {
    a.always(
        "m1",
        (p, r, c) -> {
          clock.advance(Duration.ofDays(1));
          throw new ProviderException(ErrorKind.UNAVAILABLE, "a", "m1", "down", null);
        });
    ChatRequest r = request("fast").toBuilder().options(CallOptions.timeout(MAX_MILLIS)).build();
    try (GatewayClient gateway =
        client().retriesPerTarget(0).alias("fast", TimeoutOverflowTest::ab).build()) {
      assertThat(gateway.chat(r).route().target()).isEqualTo(new TargetRef("b", "m2"));

      assertThat(a.calls.get(0).timeout()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
      assertThat(b.calls.get(0).timeout())
          .isEqualTo(Duration.ofNanos(Long.MAX_VALUE).minus(Duration.ofDays(1)));
    }
  }

  @Test
  void aThousandYearBackoffSaturatesAndStillRetries() {
    a.then("m", fail(ErrorKind.UNAVAILABLE));
    List<Duration> waits = new CopyOnWriteArrayList<>();
    try (GatewayClient gateway =
        client()
            .defaultTimeout(THOUSAND_YEARS)
            .retryBackoff(THOUSAND_YEARS, THOUSAND_YEARS)
            .sleeper(
                (d, c) -> {
                  waits.add(d);
                  return true;
                })
            .build()) {
      assertThat(gateway.chat(request("a/m")).route().attempts()).hasSize(2);

      assertThat(waits).hasSize(1);
      assertThat(waits.get(0)).isLessThanOrEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }
  }

  @Test
  void aRetryAfterOfAThousandYearsCoolsTheKeyDownWithoutOverflowAndTheCallFallsBack() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, THOUSAND_YEARS));
    try (GatewayClient gateway = client().alias("fast", TimeoutOverflowTest::ab).build()) {
      assertThat(gateway.chat(request("fast")).route().attempts())
          .extracting(Attempt::target)
          .containsExactly(new TargetRef("a", "m1"), new TargetRef("b", "m2"));

      KeyHealth key = key(gateway, new TargetRef("a", "m1"));
      assertThat(key.coolingUntil()).isAfter(clock.instant().plus(TWO_HUNDRED_YEARS));
      assertThat(key.available()).isFalse();
    }
  }

  @Test
  void aClientWithEveryOtherDurationSetToAThousandYearsBuildsAndFailsTyped() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    b.always("m2", fail(ErrorKind.RATE_LIMITED));
    try (GatewayClient gateway =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(a, b))
            .clock(clock)
            .seed(42)
            .provider("a", s -> s.type("scripted").apiKey(Secret.of(FAKE_KEY)))
            .provider(
                "b",
                s ->
                    s.type("scripted")
                        .apiKey(Secret.of(FAKE_KEY))
                        .rateLimitCooldown(THOUSAND_YEARS))
            .defaultTimeout(THOUSAND_YEARS)
            .retriesPerTarget(0)
            .retryBudget(0.5, 10, THOUSAND_YEARS)
            .usage(u -> u.blockTimeout(THOUSAND_YEARS).sink(sink))
            .circuitBreaker(
                c ->
                    c.consecutiveFailures(1, THOUSAND_YEARS)
                        .maxOpenDuration(THOUSAND_YEARS)
                        .slowCall(THOUSAND_YEARS, 100))
            .alias("fast", TimeoutOverflowTest::ab)
            .build()) {
      // a fails and its circuit opens for a thousand years; b is rate limited and cools down for
      // as long: no wait can help, the call fails at once.
      assertThat(catchThrowable(() -> gateway.chat(request("fast"))))
          .isInstanceOf(AllTargetsFailedException.class);
      KeyHealth keyA = key(gateway, new TargetRef("a", "m1"));
      assertThat(keyA.circuit()).isEqualTo(CircuitState.OPEN);
      assertThat(keyA.circuitOpenUntil()).isAfter(clock.instant().plus(TWO_HUNDRED_YEARS));
      assertThat(key(gateway, new TargetRef("b", "m2")).coolingUntil())
          .isAfter(clock.instant().plus(TWO_HUNDRED_YEARS));

      assertThat(catchThrowable(() -> gateway.chat(request("fast"))))
          .isInstanceOf(CapacityUnavailableException.class);
    }
    assertThat(sink.records).hasSize(2);
  }

  private static void ab(AliasSpec s) {
    s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered());
  }

  private static KeyHealth key(GatewayClient gateway, TargetRef target) {
    return gateway.health().stream()
        .filter(h -> h.target().equals(target))
        .findFirst()
        .orElseThrow()
        .keys()
        .get(0);
  }
}
