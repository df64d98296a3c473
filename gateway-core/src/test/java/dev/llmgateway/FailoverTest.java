package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.FAKE_KEY;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FailoverTest {
  private static final TargetRef A = new TargetRef("a", "m1");
  private static final TargetRef B = new TargetRef("b", "m2");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");

  private GatewayClient.Builder twoTargets() {
    return builder(a, b)
        .alias(
            "fast", s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()));
  }

  @Test
  void fallsBackAtOnceWhenThePrimarysOnlyKeyIsRateLimitedWithoutRetryAfter() {
    // The key cools down (no Retry-After: the provider's default); retrying it at once would
    // only earn another 429, so the call falls back without a retry.
    a.always("m1", fail(ErrorKind.RATE_LIMITED));
    try (GatewayClient gateway = twoTargets().build()) {
      ChatResponse response = gateway.chat(request("fast"));
      assertThat(response.route().target()).isEqualTo(B);
      assertThat(response.route().attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, ErrorKind.RATE_LIMITED),
              org.assertj.core.groups.Tuple.tuple(B, null));
    }
  }

  @Test
  void fallsBackWhenPrimaryIsUnavailable() {
    assertFallsBackAfterRetry(ErrorKind.UNAVAILABLE);
  }

  private void assertFallsBackAfterRetry(ErrorKind kind) {
    a.always("m1", fail(kind));
    try (GatewayClient gateway = twoTargets().build()) {
      ChatResponse response = gateway.chat(request("fast"));

      Route route = response.route();
      assertThat(response.text()).isEqualTo("ok from b/m2");
      assertThat(response.provider()).isEqualTo("b");
      assertThat(route.alias()).isEqualTo("fast");
      assertThat(route.target()).isEqualTo(B);
      assertThat(route.keyId()).isEqualTo("default");
      assertThat(route.attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, kind),
              org.assertj.core.groups.Tuple.tuple(A, kind),
              org.assertj.core.groups.Tuple.tuple(B, null));
      assertThat(route.attempts().get(2).succeeded()).isTrue();
      assertThat(route.retriedOrFellBack()).isTrue();
      assertThat(response.cost()).isEqualTo(dev.llmgateway.model.Cost.UNKNOWN);
    }
  }

  @Test
  void fallsBackAtOnceOnAFallbackKindThatIsNotRetryable() {
    a.always("m1", fail(ErrorKind.CONTEXT_LENGTH_EXCEEDED));
    try (GatewayClient gateway = twoTargets().build()) {
      Route route = gateway.chat(request("fast")).route();
      assertThat(route.attempts()).extracting(Attempt::target).containsExactly(A, B);
    }
  }

  @Test
  void doesNotFallBackOnInvalidRequestAndRethrowsItAsIs() {
    AtomicReference<ProviderException> thrown = new AtomicReference<>();
    a.always(
        "m1",
        (p, r, c) -> {
          ProviderException e =
              new ProviderException(ErrorKind.INVALID_REQUEST, "a", "m1", "bad temperature", null);
          thrown.set(e);
          throw e;
        });
    try (GatewayClient gateway = twoTargets().build()) {
      Throwable e =
          org.assertj.core.api.Assertions.catchThrowable(() -> gateway.chat(request("fast")));
      assertThat(e).isSameAs(thrown.get());
      assertThat(a.calls).hasSize(1);
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void addsEarlierFailuresAsSuppressedToARethrownProviderException() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    b.always("m2", fail(ErrorKind.CONTENT_FILTERED));
    try (GatewayClient gateway = twoTargets().retriesPerTarget(0).build()) {
      ProviderException e =
          catchThrowableOfType(ProviderException.class, () -> gateway.chat(request("fast")));
      assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED);
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(((ProviderException) e.getSuppressed()[0]).kind())
          .isEqualTo(ErrorKind.UNAVAILABLE);
    }
  }

  @Test
  void triesTheNextKeyOnAuthenticationBeforeFallingBack() {
    a.always("m1", fail(ErrorKind.AUTHENTICATION));
    try (GatewayClient gateway =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(a, b))
            .retryBackoff(Duration.ZERO, Duration.ZERO)
            .seed(3)
            .provider(
                "a",
                s ->
                    s.type("scripted")
                        .key("k1", Secret.of(FAKE_KEY), 1)
                        .key("k2", Secret.of(FAKE_KEY), 1))
            .provider("b", s -> s.type("scripted").apiKey(Secret.of(FAKE_KEY)))
            .alias(
                "fast",
                s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()))
            .build()) {
      Route route = gateway.chat(request("fast")).route();

      assertThat(a.keyIds()).containsExactlyInAnyOrder("k1", "k2");
      assertThat(route.target()).isEqualTo(B);
      assertThat(route.attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, ErrorKind.AUTHENTICATION),
              org.assertj.core.groups.Tuple.tuple(A, ErrorKind.AUTHENTICATION),
              org.assertj.core.groups.Tuple.tuple(B, null));
    }
  }

  @Test
  void triesTheNextKeyOnRateLimitWithoutWaiting() {
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(30)));
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    try (GatewayClient gateway =
        GatewayClient.builder()
            .providerFactory(new ScriptedFactory(a))
            .sleeper((d, c) -> pauses.add(d))
            .provider(
                "a",
                s ->
                    s.type("scripted")
                        .key("k1", Secret.of(FAKE_KEY), 1)
                        .key("k2", Secret.of(FAKE_KEY), 1))
            .build()) {
      ChatResponse response = gateway.chat(request("a/m1"));

      assertThat(response.route().attempts()).hasSize(2);
      assertThat(response.route().keyId())
          .isEqualTo(a.keyIds().get(1))
          .isNotEqualTo(a.keyIds().get(0));
      assertThat(pauses).isEmpty();
    }
  }

  @Test
  void retriesHonouringRetryAfterWithinTheDeadline() {
    FakeClock clock = new FakeClock();
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(2)), answer("second try"));
    try (GatewayClient gateway =
        twoTargets()
            .clock(clock)
            .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
            .sleeper(
                (d, c) -> {
                  pauses.add(d);
                  clock.advance(d);
                  return true;
                })
            .build()) {
      ChatRequest request =
          request("fast").toBuilder().options(CallOptions.timeout(Duration.ofSeconds(5))).build();
      ChatResponse response = gateway.chat(request);

      assertThat(response.text()).isEqualTo("second try");
      assertThat(pauses).containsExactly(Duration.ofSeconds(2));
      assertThat(a.calls.get(1).timeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void skipsARetryWhoseRetryAfterExceedsTheRemainingDeadline() {
    FakeClock clock = new FakeClock();
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    a.then("m1", fail(ErrorKind.RATE_LIMITED, Duration.ofSeconds(10)));
    try (GatewayClient gateway =
        twoTargets().clock(clock).sleeper((d, c) -> pauses.add(d)).build()) {
      ChatRequest request =
          request("fast").toBuilder().options(CallOptions.timeout(Duration.ofSeconds(5))).build();
      Route route = gateway.chat(request).route();

      assertThat(pauses).isEmpty();
      assertThat(route.attempts()).extracting(Attempt::target).containsExactly(A, B);
    }
  }

  @Test
  void backsOffExponentiallyWithFullJitter() {
    List<Duration> pauses = new CopyOnWriteArrayList<>();
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        twoTargets()
            .retriesPerTarget(3)
            .maxAttempts(10)
            .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(300))
            .sleeper((d, c) -> pauses.add(d))
            .build()) {
      gateway.chat(request("fast"));
    }
    assertThat(pauses).hasSize(3);
    assertThat(pauses.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
    assertThat(pauses.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    assertThat(pauses.get(2)).isBetween(Duration.ZERO, Duration.ofMillis(300));
  }

  @Test
  void maxAttemptsCapsRetriesAndFallbacksTogether() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway = twoTargets().maxAttempts(2).retriesPerTarget(5).build()) {
      AllTargetsFailedException e =
          catchThrowableOfType(
              AllTargetsFailedException.class, () -> gateway.chat(request("fast")));
      assertThat(e.attempts()).extracting(Attempt::target).containsExactly(A, A);
      assertThat(b.calls).isEmpty();
    }
  }

  @Test
  void callOptionsOverrideTheAttemptCap() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway = twoTargets().maxAttempts(5).build()) {
      ChatRequest once =
          request("fast").toBuilder().options(new CallOptions(null, 1, Map.of())).build();
      assertThatThrownBy(() -> gateway.chat(once)).isInstanceOf(AllTargetsFailedException.class);
      assertThat(a.calls).hasSize(1);
    }
  }

  @Test
  void allTargetsFailedCarriesEveryAttemptAndSuppressedCauses() {
    ScriptedProvider c = new ScriptedProvider("c");
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    b.always("m2", fail(ErrorKind.NETWORK));
    c.always("m3", fail(ErrorKind.NOT_FOUND));
    try (GatewayClient gateway =
        builder(a, b, c)
            .retriesPerTarget(0)
            .maxAttempts(10)
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .strategy(RoutingStrategy.ordered())
                        .fallback("c/m3"))
            .build()) {
      AllTargetsFailedException e =
          catchThrowableOfType(
              AllTargetsFailedException.class, () -> gateway.chat(request("fast")));

      assertThat(e.model()).isEqualTo("fast");
      assertThat(e.attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, ErrorKind.UNAVAILABLE),
              org.assertj.core.groups.Tuple.tuple(B, ErrorKind.NETWORK),
              org.assertj.core.groups.Tuple.tuple(new TargetRef("c", "m3"), ErrorKind.NOT_FOUND));
      assertThat(e.attempts()).allSatisfy(at -> assertThat(at.keyId()).isEqualTo("default"));
      assertThat(e.lastKind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(((ProviderException) e.getCause()).kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(e.getSuppressed())
          .extracting(t -> ((ProviderException) t).kind())
          .containsExactly(ErrorKind.UNAVAILABLE, ErrorKind.NETWORK);
      assertThat(e.getMessage()).doesNotContain(FAKE_KEY);
    }
  }
}
