package dev.llmgateway.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.spi.RateLimitObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private final List<String> seen = new ArrayList<>();
  private final RateLimitObserver observer =
      (requests, tokens, reset) -> seen.add(requests + "/" + tokens + "/" + reset);

  @Test
  void readsOpenAiHeadersAndTakesTheLongerReset() {
    Headers headers =
        Headers.of(
            "x-ratelimit-remaining-requests", "59",
            "x-ratelimit-remaining-tokens", "149984",
            "x-ratelimit-reset-requests", "1s",
            "x-ratelimit-reset-tokens", "6m0.5s");

    RateLimitHeaders.report(headers, CLOCK, observer);

    assertThat(seen).containsExactly("59/149984/PT6M0.5S");
  }

  @Test
  void readsAnthropicHeadersWithResetInstants() {
    Headers headers =
        Headers.of(
            "anthropic-ratelimit-requests-remaining", "0",
            "anthropic-ratelimit-tokens-remaining", "12000",
            "anthropic-ratelimit-requests-reset", "2026-11-23T10:00:30Z",
            "anthropic-ratelimit-tokens-reset", "2026-11-23T10:00:05Z");

    RateLimitHeaders.report(headers, CLOCK, observer);

    assertThat(seen).containsExactly("0/12000/PT30S");
  }

  @Test
  void reportsNothingWithoutRateLimitHeaders() {
    RateLimitHeaders.report(Headers.of("content-type", "application/json"), CLOCK, observer);
    assertThat(seen).isEmpty();
  }

  @Test
  void treatsUnreadableValuesAsUnknown() {
    Headers headers =
        Headers.of(
            "x-ratelimit-remaining-requests", "lots",
            "x-ratelimit-remaining-tokens", "10",
            "x-ratelimit-reset-tokens", "soon");

    RateLimitHeaders.report(headers, CLOCK, observer);

    assertThat(seen).containsExactly("-1/10/null");
  }

  @Test
  void parsesOpenAiDurations() {
    assertThat(RateLimitHeaders.duration("20ms")).isEqualTo(Duration.ofMillis(20));
    assertThat(RateLimitHeaders.duration("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
    assertThat(RateLimitHeaders.duration("0.5s")).isEqualTo(Duration.ofMillis(500));
    assertThat(RateLimitHeaders.duration("5x")).isNull();
    assertThat(RateLimitHeaders.duration("s")).isNull();
  }

  @Test
  void anObserverThatThrowsDoesNotBreakTheCall() {
    RateLimitHeaders.report(
        Headers.of("x-ratelimit-remaining-requests", "1"),
        CLOCK,
        (requests, tokens, reset) -> {
          throw new IllegalStateException("observer bug");
        });
    // Reaching this line is the assertion: the observer's exception was contained.
    assertThat(seen).isEmpty();
  }
}
