package dev.llmgateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryResponseCacheTest {
  private static ChatResponse answer(String text) {
    return ChatResponse.of("id", "p", "m", text, List.of(), FinishReason.STOP, Usage.of(1, 1));
  }

  @Test
  void staysWithinItsByteBound() {
    ResponseCache cache = ResponseCache.inMemory(20_000);
    String kilobyte = "x".repeat(500); // 500 chars ~ 1 KB + overhead
    for (int i = 0; i < 100; i++) {
      cache.put("k" + i, answer(kilobyte), Duration.ofHours(1));
    }
    long present = 0;
    for (int i = 0; i < 100; i++) {
      present += cache.get("k" + i).isPresent() ? 1 : 0;
    }
    assertThat(present).isBetween(1L, 20L);
  }

  @Test
  void eachEntryKeepsItsOwnTtl() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Clock[] now = {Clock.fixed(t0, ZoneOffset.UTC)};
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now[0].instant();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    ResponseCache cache = ResponseCache.inMemory(1 << 20, clock);
    cache.put("short", answer("a"), Duration.ofSeconds(5));
    cache.put("long", answer("b"), Duration.ofSeconds(50));
    now[0] = Clock.fixed(t0.plusSeconds(5), ZoneOffset.UTC);
    assertThat(cache.get("short")).isEmpty();
    assertThat(cache.get("long")).isPresent();
    cache.invalidate("long");
    assertThat(cache.get("long")).isEmpty();
    cache.put("zero", answer("c"), Duration.ZERO);
    assertThat(cache.get("zero")).isEmpty();
  }

  @Test
  void rejectsANonPositiveBound() {
    assertThatThrownBy(() -> ResponseCache.inMemory(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be positive, was 0");
  }
}
