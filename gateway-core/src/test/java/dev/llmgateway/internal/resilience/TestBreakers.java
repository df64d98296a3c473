package dev.llmgateway.internal.resilience;

import java.time.Duration;

/** Breaker settings for the tests of this package. */
final class TestBreakers {
  /** Enabled; opens for 30 s, doubling up to 5 min; one probe. */
  static final BreakerSettings SETTINGS =
      new BreakerSettings(
          true,
          50f,
          10,
          10,
          Duration.ofSeconds(10),
          100f,
          Duration.ofSeconds(30),
          2.0,
          Duration.ofMinutes(5),
          1);

  private TestBreakers() {}
}
