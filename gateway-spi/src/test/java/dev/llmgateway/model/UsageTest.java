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

  @Test
  void anUnreportedCountReadsAsZeroButIsToldApartFromAReportedZero() {
    Usage none = Usage.NOT_REPORTED;
    Usage zero = Usage.ZERO;

    assertThat(none.inputTokens()).isZero();
    assertThat(none.isReported()).isFalse();
    assertThat(none.isReported(Usage.Count.INPUT)).isFalse();
    assertThat(zero.isReported()).isTrue();
    assertThat(zero.isReported(Usage.Count.REASONING)).isTrue();
    assertThat(none).isNotEqualTo(zero);
  }

  @Test
  void ofReportsOnlyInputAndOutput() {
    Usage usage = Usage.of(12, 3);

    assertThat(usage.isReported()).isTrue();
    assertThat(usage.isReported(Usage.Count.CACHED_READ_INPUT)).isFalse();
    assertThat(usage.isReported(Usage.Count.REASONING)).isFalse();
    assertThat(usage.reported()).containsExactly(Usage.Count.INPUT, Usage.Count.OUTPUT);
    assertThat(new Usage(12, 3, 0, 0, 0).reported()).containsExactly(Usage.Count.values());
  }

  @Test
  void anUnreportedCountMustBeZero() {
    assertThatThrownBy(
            () ->
                new Usage(10, 2, 0, 0, 1, java.util.Set.of(Usage.Count.INPUT, Usage.Count.OUTPUT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REASONING count is not reported")
        .hasMessageContaining("was 1");
    assertThatThrownBy(() -> new Usage(0, 0, 0, 0, 0, null))
        .hasMessageContaining("reported must not be null");
  }

  @Test
  void aSumReportsWhatEitherPartReported() {
    Usage streamed = Usage.NOT_REPORTED.plus(Usage.of(5, 1));

    assertThat(streamed).isEqualTo(Usage.of(5, 1));
    assertThat(Usage.of(5, 1).plus(new Usage(1, 1, 0, 0, 1)).reported())
        .containsExactly(Usage.Count.values());
  }
}
