package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.answer;
import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What counts against a circuit: failures that say the provider is failing. A {@code TIMEOUT}
 * caused by the call's own deadline (short by the caller's choice, used up by queueing or earlier
 * attempts, or lost to a machine too busy to read the answer) says nothing about the provider, and
 * the defaults do not open on a few percent of random failures, however long the load lasts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CircuitVerdictTest {
  private static final TargetRef A = new TargetRef("a", "m1");
  private static final TargetRef B = new TargetRef("b", "m2");

  private final ScriptedProvider a = new ScriptedProvider("a");
  private final ScriptedProvider b = new ScriptedProvider("b");
  private final FakeClock clock = new FakeClock();
  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private final GatewayEventListener circuits =
      new GatewayEventListener() {
        @Override
        public void circuitStateChanged(
            TargetRef target, String keyId, CircuitState from, CircuitState to) {
          transitions.add(target + "#" + keyId + " " + from + "->" + to);
        }
      };

  /**
   * A provider whose answer does not come before the attempt's deadline, which is the call's: the
   * clock moves to the end of the time the attempt was given, and the attempt ends with TIMEOUT, as
   * a provider's own deadline timer reports it.
   */
  private ScriptedProvider.Step runsIntoTheDeadline() {
    return (p, r, c) -> {
      clock.advance(c.timeout());
      throw new ProviderException(
          ErrorKind.TIMEOUT, p.name, r.model(), "no complete answer within " + c.timeout(), null);
    };
  }

  private static ChatRequest within(String model, Duration timeout) {
    return request(model).toBuilder().timeout(timeout).build();
  }

  private static KeyHealth key(GatewayClient gateway, TargetRef target) {
    return health(gateway, target).keys().get(0);
  }

  private static TargetHealth health(GatewayClient gateway, TargetRef target) {
    return gateway.health().stream().filter(h -> h.target().equals(target)).findFirst().get();
  }

  @Test
  void timeoutsCausedByTheCallsOwnDeadlineNeverOpenACircuit() {
    a.always("m1", runsIntoTheDeadline());
    try (GatewayClient gateway = builder(a).clock(clock).eventListener(circuits).build()) {
      for (int i = 0; i < 50; i++) {
        ProviderException e =
            catchThrowableOfType(
                ProviderException.class, () -> gateway.chat(within("a/m1", Duration.ofSeconds(2))));
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      }

      assertThat(a.calls).hasSize(50);
      assertThat(key(gateway, A).circuit()).isEqualTo(CircuitState.CLOSED);
      assertThat(health(gateway, A).inFlight()).isZero();
      assertThat(transitions).isEmpty();
    }
  }

  @Test
  void aTimeoutThatEndsBeforeTheCallsDeadlineCountsAgainstTheCircuit() {
    // The provider's own read timeout (1 s) fires while the call still has 9 s.
    a.always(
        "m1",
        (p, r, c) -> {
          clock.advance(Duration.ofSeconds(1));
          throw new ProviderException(ErrorKind.TIMEOUT, "a", "m1", "read timeout", null);
        });
    try (GatewayClient gateway =
        builder(a)
            .clock(clock)
            .retriesPerTarget(0)
            .circuitBreaker(c -> c.consecutiveFailures(3, Duration.ofMinutes(1)))
            .build()) {
      for (int i = 0; i < 3; i++) {
        catchThrowableOfType(
            AllTargetsFailedException.class,
            () -> gateway.chat(within("a/m1", Duration.ofSeconds(10))));
      }

      assertThat(key(gateway, A).circuit()).isEqualTo(CircuitState.OPEN);
    }
  }

  @Test
  void aTimeoutOfAnAttemptLeftLittleTimeByAnEarlierAttemptDoesNotCount() {
    // a uses 1.9 s of the call's 2 s (and answers NOT_FOUND, which does not count either); b gets
    // the last 100 ms and runs into the deadline.
    a.always(
        "m1",
        (p, r, c) -> {
          clock.advance(Duration.ofMillis(1900));
          throw new ProviderException(ErrorKind.NOT_FOUND, "a", "m1", "no such model", null);
        });
    b.always("m2", runsIntoTheDeadline());
    try (GatewayClient gateway =
        builder(a, b)
            .clock(clock)
            .circuitBreaker(c -> c.consecutiveFailures(2, Duration.ofMinutes(1)))
            .alias(
                "fast",
                s -> s.target("a", "m1").target("b", "m2").strategy(RoutingStrategy.ordered()))
            .build()) {
      for (int i = 0; i < 5; i++) {
        ProviderException e =
            catchThrowableOfType(
                ProviderException.class, () -> gateway.chat(within("fast", Duration.ofSeconds(2))));
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      }

      assertThat(b.calls)
          .hasSize(5)
          .allSatisfy(c -> assertThat(c.timeout()).isEqualTo(Duration.ofMillis(100)));
      assertThat(key(gateway, B).circuit()).isEqualTo(CircuitState.CLOSED);
      assertThat(health(gateway, B).inFlight()).isZero();
    }
  }

  @Test
  void hedgedAttemptsCutByTheCallsDeadlineDoNotCount() {
    // Real time: both targets hang until their attempt's deadline, which is the call's.
    a.always("m1", ScriptedProvider.hang());
    b.always("m2", ScriptedProvider.hang());
    try (GatewayClient gateway =
        builder(a, b)
            .eventListener(circuits)
            .circuitBreaker(c -> c.consecutiveFailures(1, Duration.ofMinutes(1)))
            .alias(
                "fast",
                s ->
                    s.target("a", "m1")
                        .target("b", "m2")
                        .strategy(RoutingStrategy.ordered())
                        .hedge(Duration.ofMillis(20)))
            .build()) {
      for (int i = 0; i < 3; i++) {
        ProviderException e =
            catchThrowableOfType(
                ProviderException.class,
                () -> gateway.chat(within("fast", Duration.ofMillis(200))));
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> health(gateway, A).inFlight() == 0 && health(gateway, B).inFlight() == 0);
      assertThat(key(gateway, A).circuit()).isEqualTo(CircuitState.CLOSED);
      assertThat(key(gateway, B).circuit()).isEqualTo(CircuitState.CLOSED);
      assertThat(transitions).isEmpty();
    }
  }

  @Test
  void withDefaultsAFreshCircuitDoesNotOpenOnFiveFailuresInItsFirstTenCalls() {
    for (int i = 0; i < 5; i++) {
      a.then("m1", fail(ErrorKind.UNAVAILABLE));
    }
    try (GatewayClient gateway =
        builder(a).clock(clock).retriesPerTarget(0).eventListener(circuits).build()) {
      for (int i = 0; i < 30; i++) {
        try {
          gateway.chat(request("a/m1"));
        } catch (AllTargetsFailedException expected) {
          // the first five
        }
      }

      assertThat(a.calls).hasSize(30);
      assertThat(transitions).isEmpty();
    }
  }

  @Test
  void withDefaultsADeadTargetOpensItsCircuitAfterTwentyFailedCalls() {
    a.always("m1", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway = builder(a).clock(clock).retriesPerTarget(0).build()) {
      for (int i = 0; i < 19; i++) {
        catchThrowableOfType(AllTargetsFailedException.class, () -> gateway.chat(request("a/m1")));
      }
      assertThat(key(gateway, A).circuit()).isEqualTo(CircuitState.CLOSED);

      catchThrowableOfType(AllTargetsFailedException.class, () -> gateway.chat(request("a/m1")));

      assertThat(key(gateway, A).circuit()).isEqualTo(CircuitState.OPEN);
    }
  }

  // ---------------------------------------------------------------- soak

  /** What the scripted upstream does on one attempt. */
  private enum Upstream {
    ANSWERS,
    FAILS,
    RUNS_INTO_THE_DEADLINE
  }

  /**
   * A seeded script of upstream outcomes, taken in order by the attempts on one target: 5 % random
   * upstream failures throughout, and every third stretch of 200 attempts a starved machine, where
   * 60 % of the attempts run into their call's deadline.
   */
  private static List<Upstream> script(long seed, int length) {
    Random random = new Random(seed);
    List<Upstream> out = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      boolean starved = (i / 200) % 3 == 2;
      double u = random.nextDouble();
      if (u < 0.05) {
        out.add(Upstream.FAILS);
      } else if (starved && u < 0.05 + 0.6) {
        out.add(Upstream.RUNS_INTO_THE_DEADLINE);
      } else {
        out.add(Upstream.ANSWERS);
      }
    }
    return out;
  }

  /** The most outcomes of the given kinds in any {@code window} consecutive entries. */
  private static int most(List<Upstream> script, int window, List<Upstream> kinds) {
    int count = 0;
    int most = 0;
    for (int i = 0; i < script.size(); i++) {
      if (kinds.contains(script.get(i))) {
        count++;
      }
      if (i >= window && kinds.contains(script.get(i - window))) {
        count--;
      }
      most = Math.max(most, count);
    }
    return most;
  }

  private ScriptedProvider.Step scripted(List<Upstream> script, AtomicInteger next) {
    ScriptedProvider.Step deadline = runsIntoTheDeadline();
    return (p, r, c) -> {
      int i = next.getAndIncrement();
      return switch (script.get(i)) {
        case ANSWERS -> answer("ok").run(p, r, c);
        case FAILS -> fail(ErrorKind.UNAVAILABLE).run(p, r, c);
        case RUNS_INTO_THE_DEADLINE -> deadline.run(p, r, c);
      };
    };
  }

  @Test
  void fivePercentRandomUpstreamFailuresUnderSustainedLoadNeverOpenACircuitWithDefaults()
      throws Exception {
    int threads = 8;
    int callsPerThread = 1_000;
    int scriptLength = 3 * threads * callsPerThread;
    List<Upstream> scriptA = script(20_240_901L, scriptLength);
    List<Upstream> scriptB = script(20_240_902L, scriptLength);
    // What makes the run deterministic: a circuit (defaults: 50 % of the last 100 calls, at least
    // 20) sees its attempts' outcomes in script order, give or take the 8 in flight, so no 108
    // consecutive entries may hold 50 upstream failures, nor any first 28 hold 10.
    for (List<Upstream> s : List.of(scriptA, scriptB)) {
      assertThat(most(s, 108, List.of(Upstream.FAILS))).isLessThan(50);
      assertThat(most(s.subList(0, 28), 28, List.of(Upstream.FAILS))).isLessThan(10);
      // And what makes it a test: counted as failures, the deadline's timeouts would open it.
      assertThat(most(s, 100, List.of(Upstream.FAILS, Upstream.RUNS_INTO_THE_DEADLINE)))
          .isGreaterThanOrEqualTo(60);
    }
    a.always("m1", scripted(scriptA, new AtomicInteger()));
    b.always("m2", scripted(scriptB, new AtomicInteger()));

    AtomicInteger answered = new AtomicInteger();
    AtomicInteger timedOut = new AtomicInteger();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (GatewayClient gateway =
        builder(a, b)
            .clock(clock)
            .eventListener(circuits)
            .alias("fast", s -> s.target("a", "m1").target("b", "m2"))
            .build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < callsPerThread; i++) {
                    try {
                      gateway.chat(within("fast", Duration.ofSeconds(2)));
                      answered.incrementAndGet();
                    } catch (AllTargetsFailedException e) {
                      if (e.attempts().stream()
                          .map(Attempt::errorKind)
                          .anyMatch(k -> k != ErrorKind.UNAVAILABLE && k != ErrorKind.TIMEOUT)) {
                        unexpected.add(e);
                      }
                    } catch (ProviderException e) {
                      if (e.kind() == ErrorKind.TIMEOUT) {
                        timedOut.incrementAndGet();
                      } else {
                        unexpected.add(e);
                      }
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : running) {
        f.get(50, TimeUnit.SECONDS);
      }

      assertThat(transitions).as("no circuit ever changed state").isEmpty();
      assertThat(unexpected).as("no call failed fast on an open circuit").isEmpty();
      for (TargetRef target : List.of(A, B)) {
        assertThat(key(gateway, target).circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(health(gateway, target).inFlight()).isZero();
      }
      int calls = threads * callsPerThread;
      assertThat(answered.get() + timedOut.get()).isGreaterThan(calls - 10);
      assertThat(answered.get()).isGreaterThan(calls / 2);
    } finally {
      pool.shutdownNow();
    }
  }
}
