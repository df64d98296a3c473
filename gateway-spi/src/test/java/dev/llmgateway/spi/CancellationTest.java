package dev.llmgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void runsEachHookOnceAndLateHooksAtOnce() {
    Cancellation cancellation = new Cancellation();
    AtomicInteger runs = new AtomicInteger();
    cancellation.onCancel(runs::incrementAndGet);
    cancellation.onCancel(
        () -> {
          throw new IllegalStateException("a failing hook must not stop the others");
        });
    cancellation.onCancel(runs::incrementAndGet);

    cancellation.cancel();
    cancellation.cancel();
    assertThat(runs).hasValue(2);
    assertThat(cancellation.isCancelled()).isTrue();

    cancellation.onCancel(runs::incrementAndGet);
    assertThat(runs).hasValue(3);
  }
}
