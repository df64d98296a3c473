package dev.llmgateway.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.KeyStateStore;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A key's status reads the clock only when something blocks the key (every planned key of every
 * call asks for it), and blocks are still timed by the client's clock.
 */
class KeyStatusTest {
  private static final TargetRef TARGET = new TargetRef("p", "m");
  private static final ProviderKey KEY = new ProviderKey("k1", Secret.of("test-key-1"), 1);

  /** Counts the reads of a fake clock. */
  private static final class CountingClock extends Clock {
    final FakeClock clock = new FakeClock();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public ZoneId getZone() {
      return clock.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      reads.incrementAndGet();
      return clock.instant();
    }
  }

  private final CountingClock clock = new CountingClock();
  private final Resilience resilience =
      new Resilience(
          TestBreakers.SETTINGS,
          clock,
          System::nanoTime,
          KeyStateStore.inMemory(),
          GatewayEventListener.NONE,
          Duration.ofMinutes(10),
          Duration.ofMinutes(1));

  @Test
  void anAvailableKeyIsReportedWithoutReadingTheClock() {
    resilience.configure(TARGET);
    TargetState state = resilience.target(TARGET);
    int before = clock.reads.get();

    Resilience.KeyStatus first = resilience.status(state, KEY);
    Resilience.KeyStatus second = resilience.status(state, KEY);

    assertThat(first.available()).isTrue();
    assertThat(first.block()).isEqualTo(Resilience.Block.NONE);
    assertThat(second).isSameAs(first);
    assertThat(clock.reads.get()).isEqualTo(before);
  }

  @Test
  void aCooldownAndADisabledKeyAreTimedByTheClock() {
    resilience.configure(TARGET);
    TargetState state = resilience.target(TARGET);
    resilience.coolDown("p", "k1", Duration.ofSeconds(30), "rate limited");

    Resilience.KeyStatus cooling = resilience.status(state, KEY);
    assertThat(cooling.block()).isEqualTo(Resilience.Block.COOLING);
    assertThat(cooling.reason()).contains("cooling down until 2023-11-14T22:13:50Z");

    clock.clock.advance(Duration.ofSeconds(31));
    assertThat(resilience.status(state, KEY).block()).isEqualTo(Resilience.Block.NONE);

    resilience.disable(TARGET, "k1", ErrorKind.AUTHENTICATION);
    assertThat(resilience.status(state, KEY).block()).isEqualTo(Resilience.Block.DISABLED);
    clock.clock.advance(Duration.ofMinutes(1));
    assertThat(resilience.status(state, KEY).block()).isEqualTo(Resilience.Block.TRIAL);
  }
}
