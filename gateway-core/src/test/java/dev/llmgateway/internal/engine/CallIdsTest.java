package dev.llmgateway.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CallIdsTest {
  @Test
  void equalsThePrefixAndTheNumberInBase36() {
    long[] fixed = {0, 1, 9, 10, 35, 36, 1_295, 1_296, Long.MAX_VALUE};
    for (long n : fixed) {
      assertThat(CallIds.of(n)).isEqualTo("call-" + Long.toString(n, 36));
    }
    SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < 10_000; i++) {
      long n = random.nextLong(Long.MAX_VALUE);
      assertThat(CallIds.of(n)).isEqualTo("call-" + Long.toString(n, 36));
    }
  }

  @Test
  void refusesANegativeNumber() {
    assertThatThrownBy(() -> CallIds.of(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
