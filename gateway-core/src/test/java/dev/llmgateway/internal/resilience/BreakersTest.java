package dev.llmgateway.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A breaker's state changes are reported by looking at it after each action, without a listener on
 * the breaker: each change once, with the steps a breaker must have taken when a look comes late.
 */
class BreakersTest {
  private static final TargetRef TARGET = new TargetRef("p", "m");

  private final FakeClock clock = new FakeClock();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Breakers breakers =
      new Breakers(
          TestBreakers.SETTINGS,
          clock,
          new GatewayEventListener() {
            @Override
            public void circuitStateChanged(
                TargetRef target, String keyId, CircuitState from, CircuitState to) {
              events.add(target + "#" + keyId + " " + from + "->" + to);
            }
          },
          () -> clock.instant().getEpochSecond() * 1_000_000_000L);

  @Test
  void aLookReportsWhatChangedSinceTheLastOneOnce() {
    TargetState.KeySlot slot = breakers.slot(TARGET, "k1");
    breakers.observe(TARGET, slot);
    assertThat(events).isEmpty();

    slot.breaker.transitionToOpenState();
    breakers.observe(TARGET, slot);
    breakers.observe(TARGET, slot);
    assertThat(events).containsExactly("p/m#k1 CLOSED->OPEN");
    assertThat(slot.openings).isEqualTo(1);
    long opened = clock.instant().getEpochSecond() * 1_000_000_000L;
    assertThat(slot.openUntilNanos).isEqualTo(opened + Duration.ofSeconds(30).toNanos());
  }

  @Test
  void aLateLookReportsTheStepsTheBreakerMustHaveTaken() {
    TargetState.KeySlot slot = breakers.slot(TARGET, "k1");
    slot.breaker.transitionToOpenState();
    slot.breaker.transitionToHalfOpenState();
    breakers.observe(TARGET, slot);
    assertThat(events).containsExactly("p/m#k1 CLOSED->OPEN", "p/m#k1 OPEN->HALF_OPEN");

    slot.breaker.transitionToOpenState();
    breakers.observe(TARGET, slot);
    assertThat(slot.openings).isEqualTo(2); // reopened from half-open: the second in a row
    slot.breaker.transitionToHalfOpenState();
    slot.breaker.transitionToClosedState();
    breakers.observe(TARGET, slot);
    assertThat(events)
        .containsExactly(
            "p/m#k1 CLOSED->OPEN",
            "p/m#k1 OPEN->HALF_OPEN",
            "p/m#k1 HALF_OPEN->OPEN",
            "p/m#k1 OPEN->HALF_OPEN",
            "p/m#k1 HALF_OPEN->CLOSED");
    assertThat(slot.openings).isZero();
  }

  @Test
  void aChangeSeenByManyThreadsAtOnceIsReportedOnce() throws InterruptedException {
    TargetState.KeySlot slot = breakers.slot(TARGET, "k1");
    slot.breaker.transitionToOpenState();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                breakers.observe(TARGET, slot);
              });
      t.start();
      threads.add(t);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(events).containsExactly("p/m#k1 CLOSED->OPEN");
    assertThat(slot.openings).isEqualTo(1);
  }
}
