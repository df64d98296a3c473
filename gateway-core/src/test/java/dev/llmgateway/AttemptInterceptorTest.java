package dev.llmgateway;

import static dev.llmgateway.ScriptedChunkStream.end;
import static dev.llmgateway.ScriptedChunkStream.text;
import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetHealth;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** User attempt interceptors see every provider attempt: plain, retried, fallback and hedged. */
class AttemptInterceptorTest {
  private static final TargetRef A = new TargetRef("a", "m1");
  private static final TargetRef B = new TargetRef("b", "m2");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");

  /** What one attempt looked like to the interceptor. */
  record Seen(
      TargetRef target,
      String keyId,
      int number,
      boolean hedged,
      String callId,
      String outcome,
      boolean allotted) {}

  /** Records before and after proceeding, so failures are seen too. */
  static final class Seeing implements AttemptInterceptor {
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    @Override
    public Result intercept(Chain chain) {
      try {
        Result r = chain.proceed();
        seen.add(seen(chain, describe(r)));
        return r;
      } catch (ProviderException e) {
        seen.add(seen(chain, "failed:" + e.kind()));
        throw e;
      }
    }

    private static String describe(Result r) {
      if (r.chatResponse() != null) {
        return "chat:" + r.chatResponse().text();
      }
      if (r.embeddingResponse() != null) {
        return "embedding";
      }
      return r.streamOpened() ? "stream" : "?";
    }

    private static Seen seen(Chain chain, String outcome) {
      return new Seen(
          chain.target(),
          chain.keyId(),
          chain.attemptNumber(),
          chain.hedged(),
          chain.call().id(),
          outcome,
          chain.timeAllotted().compareTo(Duration.ZERO) > 0);
    }
  }

  private GatewayClient.Builder twoTargets(AttemptInterceptor interceptor) {
    return builder(a, b)
        .attemptInterceptor(interceptor)
        .alias(
            "chat", s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()));
  }

  @Test
  void seesAPlainAttempt() {
    Seeing seeing = new Seeing();
    a.always("m1", answer("hi"));
    try (GatewayClient gateway = twoTargets(seeing).build()) {
      ChatResponse r = gateway.chat(request("chat"));
      assertThat(seeing.seen)
          .containsExactly(new Seen(A, "default", 1, false, "call-1", "chat:hi", true));
      assertThat(r.route().attempts()).hasSize(1);
    }
  }

  @Test
  void seesRetriedAndFallbackAttemptsInOrder() {
    Seeing seeing = new Seeing();
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    b.always("m2", answer("from b"));
    try (GatewayClient gateway =
        twoTargets(seeing).retriesPerTarget(1).circuitBreaker(c -> c.enabled(false)).build()) {
      ChatResponse r = gateway.chat(request("chat"));
      assertThat(r.text()).isEqualTo("from b");
      assertThat(seeing.seen)
          .extracting(Seen::target, Seen::number, Seen::hedged, Seen::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, 1, false, "failed:UNAVAILABLE"),
              org.assertj.core.groups.Tuple.tuple(A, 2, false, "failed:UNAVAILABLE"),
              org.assertj.core.groups.Tuple.tuple(B, 3, false, "chat:from b"));
      assertThat(r.route().attempts()).extracting(Attempt::target).containsExactly(A, A, B);
    }
  }

  @Test
  void seesHedgedAttemptsOnTheExecutor() throws Exception {
    Seeing seeing = new Seeing();
    CountDownLatch primaryEntered = new CountDownLatch(1);
    a.always(
        "m1",
        (p, r, c) -> {
          primaryEntered.countDown();
          throw ScriptedProvider.hangUntilTimeout("a", "m1", c);
        });
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
    try (GatewayClient gateway =
        builder(a, b)
            .attemptInterceptor(seeing)
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .strategy(RoutingStrategy.ordered())
                        .hedge(Duration.ofMillis(20)))
            .build()) {
      ChatRequest r = request("fast").toBuilder().timeout(Duration.ofSeconds(20)).build();
      ChatResponse response = gateway.chat(r);
      assertThat(response.text()).isEqualTo("hedged");
      // The primary's interceptor sees its cancellation once the hedge won; wait for both.
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> seeing.seen.size() == 2);
      assertThat(seeing.seen).allMatch(Seen::hedged);
      assertThat(seeing.seen)
          .extracting(Seen::target, Seen::outcome)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(A, "failed:NETWORK"),
              org.assertj.core.groups.Tuple.tuple(B, "chat:hedged"));
      assertThat(seeing.seen).extracting(Seen::number).containsExactlyInAnyOrder(1, 2);
    }
  }

  @Test
  void seesStreamAndEmbeddingAttempts() {
    Seeing seeing = new Seeing();
    a.thenStream("m1", (r, c) -> ScriptedChunkStream.of(text("one"), end(Usage.of(1, 2))));
    try (GatewayClient gateway = twoTargets(seeing).build()) {
      try (ChatStream s = gateway.stream(request("chat"))) {
        s.forEach(chunk -> {});
        assertThat(s.response().text()).isEqualTo("one");
      }
      gateway.embed(EmbeddingRequest.of("a/e1", List.of("x")));
      assertThat(seeing.seen)
          .extracting(Seen::target, Seen::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, "stream"),
              org.assertj.core.groups.Tuple.tuple(new TargetRef("a", "e1"), "embedding"));
    }
  }

  @Test
  void aProviderExceptionFromTheInterceptorFailsTheAttemptAndTheCallFallsBack() {
    Seeing seeing = new Seeing();
    AttemptInterceptor chaos =
        chain -> {
          if (chain.target().equals(A)) {
            throw new ProviderException(
                ErrorKind.UNAVAILABLE, "a", "m1", "injected by a test", null);
          }
          return chain.proceed();
        };
    b.always("m2", answer("from b"));
    try (GatewayClient gateway =
        twoTargets(seeing).attemptInterceptor(chaos).retriesPerTarget(0).build()) {
      ChatResponse r = gateway.chat(request("chat"));
      assertThat(r.text()).isEqualTo("from b");
      assertThat(a.calls).isEmpty();
      assertThat(r.route().attempts())
          .extracting(Attempt::target, Attempt::errorKind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, ErrorKind.UNAVAILABLE),
              org.assertj.core.groups.Tuple.tuple(B, null));
      // The outer interceptor saw the injected failure as the attempt's.
      assertThat(seeing.seen)
          .extracting(Seen::target, Seen::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(A, "failed:UNAVAILABLE"),
              org.assertj.core.groups.Tuple.tuple(B, "chat:from b"));
    }
  }

  @Test
  void anInterceptorThatDoesNotProceedIsRefusedAndReleasesThePermit() {
    AttemptInterceptor lazy =
        chain -> {
          throw new IllegalStateException("never called proceed: " + chain.keyId());
        };
    AttemptInterceptor wrong =
        chain -> {
          chain.proceed();
          return chain.proceed();
        };
    for (AttemptInterceptor broken : List.of(lazy, wrong)) {
      try (GatewayClient gateway = twoTargets(broken).build()) {
        IllegalStateException e =
            catchThrowableOfType(IllegalStateException.class, () -> gateway.chat(request("chat")));
        assertThat(e).isNotNull();
        TargetHealth h =
            gateway.health().stream().filter(t -> t.target().equals(A)).findFirst().get();
        assertThat(h.inFlight()).isZero();
      }
    }
  }
}
