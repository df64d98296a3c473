package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WatchdogPacerTest {
  private static final long LAP = TimeUnit.MILLISECONDS.toNanos(20);
  private static final long IDLE = TimeUnit.SECONDS.toNanos(30);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void isNotInTheQueueBeforeTheFirstCall() {
    WatchdogPacer pacer = new WatchdogPacer(LAP, IDLE, now::get);
    assertThat(pacer.running()).isFalse();
    assertThat(pacer.laps()).isZero();
  }

  @Test
  void keepsLappingWhileCallsAreRecent() {
    WatchdogPacer pacer = new WatchdogPacer(LAP, IDLE, now::get);
    pacer.beforeCall();
    await().atMost(Duration.ofSeconds(10)).until(() -> pacer.laps() >= 3);
    assertThat(pacer.running()).isTrue();
  }

  @Test
  void leavesTheQueueOnceCallsStopAndComesBackWithTheNextCall() {
    WatchdogPacer pacer = new WatchdogPacer(LAP, IDLE, now::get);
    pacer.beforeCall();
    now.addAndGet(IDLE + 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> !pacer.running());
    int laps = pacer.laps();
    assertThat(laps).isPositive();

    pacer.beforeCall();
    assertThat(pacer.running()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> pacer.laps() > laps);
    assertThat(pacer.running()).isTrue();
  }

  @Test
  void manyCallsStartItOnce() throws Exception {
    WatchdogPacer pacer = new WatchdogPacer(TimeUnit.SECONDS.toNanos(30), IDLE, now::get);
    java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    Thread[] threads = new Thread[8];
    for (int i = 0; i < threads.length; i++) {
      threads[i] =
          new Thread(
              () -> {
                try {
                  for (int j = 0; j < 1_000; j++) {
                    pacer.beforeCall();
                  }
                } catch (RuntimeException e) {
                  failures.add(e);
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    // A second enter() throws "Unbalanced enter/exit".
    assertThat(failures).isEmpty();
    assertThat(pacer.running()).isTrue();
    assertThat(pacer.exit()).isFalse();
  }
}
