package dev.llmgateway.examples.demo;

import dev.llmgateway.AttemptInterceptor;
import dev.llmgateway.testkit.FakeClock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gives each fake provider a typical latency on the demo's clock: the fakes answer within
 * milliseconds, and this attempt interceptor moves the gateway's {@link FakeClock} forward by what
 * a real provider of the type would take (OpenAI-style 250 to 900 ms, Anthropic-style 350 to 1,200
 * ms, Bedrock-style 1.5 to 3.5 s; a failure 40 to 120 ms). Latencies, circuit breaker timing, quota
 * windows and budgets then all run on simulated time, so a run takes seconds and gives the same
 * numbers every time. The draws come from a seeded generator; the demo calls sequentially.
 */
final class SimulatedLatency implements AttemptInterceptor {
  private final FakeClock clock;
  private final Map<String, String> typeOfProvider;
  private final SplittableRandom random;

  /**
   * Creates the interceptor.
   *
   * @param clock the gateway's clock, moved forward by each attempt
   * @param typeOfProvider the type of each provider name, as the configuration declares it
   * @param seed the seed of the latency draws
   */
  SimulatedLatency(FakeClock clock, Map<String, String> typeOfProvider, long seed) {
    this.clock = clock;
    this.typeOfProvider = Map.copyOf(typeOfProvider);
    this.random = new SplittableRandom(seed);
  }

  @Override
  public Result intercept(Chain chain) {
    String type = typeOfProvider.getOrDefault(chain.target().provider(), "");
    Result result;
    try {
      result = chain.proceed();
    } catch (RuntimeException e) {
      advance(40, 120);
      throw e;
    }
    switch (type) {
      case "openai" -> advance(250, 900);
      case "anthropic" -> advance(350, 1_200);
      case "bedrock" -> advance(1_500, 3_500);
      default -> advance(300, 1_000);
    }
    return result;
  }

  private void advance(int fromMillis, int toMillis) {
    // A skewed draw: most calls near the low end, a tail towards the high end.
    double u = random.nextDouble();
    long millis = fromMillis + Math.round((toMillis - fromMillis) * u * u * u);
    clock.advance(Duration.ofMillis(millis));
  }
}
