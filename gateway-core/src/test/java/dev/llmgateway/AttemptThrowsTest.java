package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever an attempt throws (an {@link Error} such as an {@link AssertionError} or an {@link
 * OutOfMemoryError}, or a {@link RuntimeException} a provider should not throw), its circuit
 * breaker permit and its budget reservation end, and the throwable reaches the caller as it was.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AttemptThrowsTest {
  private static final TargetRef A = new TargetRef("a", "m1");
  private static final TargetRef B = new TargetRef("b", "m2");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final FakeClock clock = new FakeClock();
  private final RecordingListener listener = new RecordingListener();

  static Stream<Arguments> throwables() {
    return Stream.of(
        Arguments.of("AssertionError", (Supplier<Throwable>) () -> new AssertionError("boom")),
        Arguments.of(
            "OutOfMemoryError", (Supplier<Throwable>) () -> new OutOfMemoryError("simulated")),
        Arguments.of("Error", (Supplier<Throwable>) Error::new),
        Arguments.of(
            "IllegalStateException",
            (Supplier<Throwable>) () -> new IllegalStateException("provider bug")));
  }

  /** A budgeted client: a lifetime budget of $1 over every call, at $1 per million tokens. */
  private GatewayClient.Builder budgeted() {
    return builder(a, b)
        .clock(clock)
        .eventListener(listener)
        .prices(
            p ->
                p.model("scripted", "m1", Money.usd("1"), Money.usd("1"))
                    .model("scripted", "m2", Money.usd("1"), Money.usd("1")))
        .budget(s -> s.scope(BudgetScope.global()).lifetime(Money.usd("1")));
  }

  private static ChatRequest request(String model) {
    return ChatRequest.builder().model(model).user("hello").maxTokens(100).build();
  }

  private static TargetHealth health(GatewayClient gateway, TargetRef target) {
    return gateway.health().stream().filter(h -> h.target().equals(target)).findFirst().get();
  }

  private static Money reserved(GatewayClient gateway) {
    return gateway.budgets().status(BudgetScope.global()).get(0).reserved();
  }

  private static ScriptedProvider.Step throwing(Throwable t) {
    return (p, r, c) -> {
      if (t instanceof Error e) {
        throw e;
      }
      throw (RuntimeException) t;
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwables")
  void aChatAttemptThatThrowsLeavesNoPermitAndNoReservationBehind(
      String name, Supplier<Throwable> thrown) {
    Throwable boom = thrown.get();
    a.then("m1", throwing(boom));
    try (GatewayClient gateway = budgeted().build()) {
      Throwable e = catchThrowable(() -> gateway.chat(request("a/m1")));

      assertThat(e).isSameAs(boom);
      assertThat(health(gateway, A).inFlight()).isZero();
      assertThat(reserved(gateway)).isEqualTo(Money.ZERO);
      assertThat(listener.lastFailure).isSameAs(boom);
      // The target is not blamed and serves the next call.
      assertThat(gateway.chat(request("a/m1")).text()).isEqualTo("ok from a/m1");
      assertThat(health(gateway, A).inFlight()).isZero();
      assertThat(reserved(gateway)).isEqualTo(Money.ZERO);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwables")
  void aHalfOpenProbeThatThrowsLeavesTheCircuitAdmittingTheNextProbe(
      String name, Supplier<Throwable> thrown) {
    Throwable boom = thrown.get();
    a.then("m1", fail(ErrorKind.UNAVAILABLE), throwing(boom), answer("back"));
    try (GatewayClient gateway =
        budgeted()
            .retriesPerTarget(0)
            .circuitBreaker(c -> c.consecutiveFailures(1, Duration.ofSeconds(10)))
            .build()) {
      catchThrowable(() -> gateway.chat(request("a/m1")));
      assertThat(health(gateway, A).keys().get(0).circuit()).isEqualTo(CircuitState.OPEN);
      clock.advance(Duration.ofSeconds(10).plusMillis(1));

      assertThat(catchThrowable(() -> gateway.chat(request("a/m1")))).isSameAs(boom);

      assertThat(health(gateway, A).inFlight()).isZero();
      assertThat(health(gateway, A).keys().get(0).circuit()).isEqualTo(CircuitState.HALF_OPEN);
      assertThat(gateway.chat(request("a/m1")).text()).isEqualTo("back");
      assertThat(health(gateway, A).keys().get(0).circuit()).isEqualTo(CircuitState.CLOSED);
      assertThat(reserved(gateway)).isEqualTo(Money.ZERO);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwables")
  void aStreamWhoseFirstReadThrowsIsClosedAndLeavesNoPermitAndNoReservation(
      String name, Supplier<Throwable> thrown) {
    Throwable boom = thrown.get();
    AtomicBoolean closed = new AtomicBoolean();
    a.thenStream(
        "m1",
        (r, c) ->
            new ChunkStream() {
              @Override
              public @Nullable ChatChunk next() {
                if (boom instanceof Error e) {
                  throw e;
                }
                throw (RuntimeException) boom;
              }

              @Override
              public void close() {
                closed.set(true);
              }
            });
    try (GatewayClient gateway = budgeted().build()) {
      assertThat(catchThrowable(() -> gateway.stream(request("a/m1")))).isSameAs(boom);

      assertThat(closed).isTrue();
      assertThat(health(gateway, A).inFlight()).isZero();
      assertThat(reserved(gateway)).isEqualTo(Money.ZERO);
    }
  }

  @Test
  void anErrorInAHedgedAttemptReachesTheCallerAndLeavesNoPermitAndNoReservation() {
    AssertionError boom = new AssertionError("boom");
    a.then("m1", throwing(boom));
    try (GatewayClient gateway =
        budgeted()
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .strategy(RoutingStrategy.ordered())
                        .hedge(Duration.ofSeconds(5)))
            .build()) {
      assertThat(catchThrowable(() -> gateway.chat(request("fast")))).isSameAs(boom);

      assertThat(health(gateway, A).inFlight()).isZero();
      assertThat(health(gateway, B).inFlight()).isZero();
      assertThat(reserved(gateway)).isEqualTo(Money.ZERO);
      assertThat(gateway.chat(request("fast")).text()).isEqualTo("ok from a/m1");
    }
  }
}
