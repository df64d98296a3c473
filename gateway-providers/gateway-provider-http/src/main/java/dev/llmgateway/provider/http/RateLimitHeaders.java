package dev.llmgateway.provider.http;

import dev.llmgateway.spi.RateLimitObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a key's remaining rate limit from response headers and reports it to the attempt's {@link
 * RateLimitObserver}, so that a key pool can move off a key before it answers 429. Two header
 * families are understood:
 *
 * <ul>
 *   <li>OpenAI and most OpenAI-compatible servers: {@code x-ratelimit-remaining-requests}, {@code
 *       x-ratelimit-remaining-tokens}, {@code x-ratelimit-reset-requests} and {@code
 *       x-ratelimit-reset-tokens} with durations such as {@code 1s}, {@code 6m0s} or {@code 20ms}.
 *   <li>Anthropic: {@code anthropic-ratelimit-requests-remaining}, {@code
 *       anthropic-ratelimit-tokens-remaining} and the {@code *-reset} headers as RFC 3339 instants.
 * </ul>
 *
 * <p>Answers without any of these headers report nothing. Unreadable values count as unknown.
 */
public final class RateLimitHeaders {
  private static final Logger log = LoggerFactory.getLogger(RateLimitHeaders.class);

  private RateLimitHeaders() {}

  /**
   * Reports the remaining allowance the headers state, if they state any.
   *
   * @param headers the response headers
   * @param clock the clock that Anthropic's reset instants are measured against
   * @param observer the attempt's observer
   */
  public static void report(Headers headers, Clock clock, RateLimitObserver observer) {
    if (observer == RateLimitObserver.NONE) {
      return;
    }
    long requests = count(headers.get("x-ratelimit-remaining-requests"));
    long tokens = count(headers.get("x-ratelimit-remaining-tokens"));
    Duration reset;
    if (requests >= 0 || tokens >= 0) {
      reset =
          longer(
              duration(headers.get("x-ratelimit-reset-requests")),
              duration(headers.get("x-ratelimit-reset-tokens")));
    } else {
      requests = count(headers.get("anthropic-ratelimit-requests-remaining"));
      tokens = count(headers.get("anthropic-ratelimit-tokens-remaining"));
      if (requests < 0 && tokens < 0) {
        return;
      }
      reset =
          longer(
              until(headers.get("anthropic-ratelimit-requests-reset"), clock),
              until(headers.get("anthropic-ratelimit-tokens-reset"), clock));
    }
    try {
      observer.observe(requests, tokens, reset);
    } catch (RuntimeException e) {
      log.warn("A rate-limit observer threw; ignoring it", e);
    }
  }

  private static long count(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return -1;
    }
    try {
      long n = Long.parseLong(value.trim());
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Parses OpenAI's reset durations: a sequence of number-unit pairs with units {@code h}, {@code
   * m}, {@code s} and {@code ms}, numbers possibly fractional ({@code 1h2m3.5s}, {@code 20ms}).
   *
   * @param value the header value, or {@code null}
   * @return the duration, or {@code null} if absent or unreadable
   */
  static @Nullable Duration duration(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String v = value.trim();
    double nanos = 0;
    int i = 0;
    while (i < v.length()) {
      int start = i;
      while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        return null;
      }
      double number;
      try {
        number = Double.parseDouble(v.substring(start, i));
      } catch (NumberFormatException e) {
        return null;
      }
      double unit;
      if (v.startsWith("ms", i)) {
        unit = 1e6;
        i += 2;
      } else if (i < v.length() && v.charAt(i) == 'h') {
        unit = 3.6e12;
        i++;
      } else if (i < v.length() && v.charAt(i) == 'm') {
        unit = 6e10;
        i++;
      } else if (i < v.length() && v.charAt(i) == 's') {
        unit = 1e9;
        i++;
      } else {
        return null;
      }
      nanos += number * unit;
    }
    return Duration.ofNanos((long) nanos);
  }

  private static @Nullable Duration until(@Nullable String instant, Clock clock) {
    if (instant == null || instant.isEmpty()) {
      return null;
    }
    try {
      Duration d = Duration.between(clock.instant(), Instant.parse(instant.trim()));
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static @Nullable Duration longer(@Nullable Duration a, @Nullable Duration b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }
}
