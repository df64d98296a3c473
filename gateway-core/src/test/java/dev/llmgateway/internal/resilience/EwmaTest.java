package dev.llmgateway.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The moving average: the first sample sets it, each later one moves it by a fifth. */
class EwmaTest {

  @Test
  void theFirstSampleSetsTheAverageAndLaterOnesMoveItByAFifthOfTheDifference() {
    Ewma e = new Ewma();
    assertThat(e.get()).isEqualTo(-1);
    e.add(1_000);
    assertThat(e.get()).isEqualTo(1_000);
    e.add(2_000);
    assertThat(e.get()).isEqualTo(1_200);
    e.add(200);
    assertThat(e.get()).isEqualTo(1_000);
    e.add(-5);
    assertThat(e.get()).isEqualTo(800);
  }

  @Test
  void concurrentSamplesConvergeWithoutATornOrStuckValue() throws InterruptedException {
    Ewma e = new Ewma();
    e.add(0);
    int threads = 8;
    int each = 10_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException ex) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < each; i++) {
                  e.add(1_000_000);
                }
              });
      th.start();
      running.add(th);
    }
    start.countDown();
    for (Thread th : running) {
      th.join();
    }
    // 80,000 moves towards 1 ms from 0 by compare-and-set: the average ends within rounding of it.
    assertThat(e.get()).isBetween(999_990L, 1_000_000L);
  }
}
