package dev.llmgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FakeClockTest {

  @Test
  void movesOnlyWhenAdvanced() {
    FakeClock clock = new FakeClock(Instant.parse("2026-11-23T10:00:00.5Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-23T10:00:00.5Z"));

    clock.advance(Duration.ofMillis(1_500));

    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-23T10:00:02Z"));
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-11-23T10:00:02Z").toEpochMilli());
  }

  @Test
  void startsAtTheDocumentedInstantAndKeepsOneTimelineAcrossZones() {
    FakeClock clock = new FakeClock();
    assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START);
    assertThat(clock.withZone(ZoneId.of("Asia/Tokyo"))).isSameAs(clock);
  }

  @Test
  void refusesToGoBack() {
    assertThatThrownBy(() -> new FakeClock().advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
  }
}
