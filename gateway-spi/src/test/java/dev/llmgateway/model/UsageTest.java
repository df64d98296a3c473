package dev.llmgateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void cachedTokensArePartOfInput() {
    Usage usage = new Usage(100, 20, 60, 10, 5);
    assertThat(usage.uncachedInputTokens()).isEqualTo(30);
    assertThat(usage.totalTokens()).isEqualTo(120);
    assertThat(usage.plus(usage)).isEqualTo(new Usage(200, 40, 120, 20, 10));
  }

  @Test
  void rejectsInconsistentCounts() {
    assertThatThrownBy(() -> new Usage(10, 0, 8, 8, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cachedRead=8");
    assertThatThrownBy(() -> new Usage(0, 1, 0, 0, 2))
        .hasMessageContaining("reasoning tokens are part of the output");
    assertThatThrownBy(() -> Usage.of(-1, 0)).hasMessageContaining("negative");
  }
}
