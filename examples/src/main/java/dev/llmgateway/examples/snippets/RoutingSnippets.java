package dev.llmgateway.examples.snippets;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Money;
import dev.llmgateway.spi.EndpointMode;
import java.time.Duration;

/** The snippets of docs/routing.md (and docs/prompt-caching.md's cache affinity). */
final class RoutingSnippets {
  private RoutingSnippets() {}

  static GatewayClient.Builder targets(GatewayClient.Builder builder) {
    return builder
        // snippet: routing-targets
        .alias(
        "fast",
        a ->
            a.target("openai", "gpt-4o-mini", 60) // weight
                .target(
                    "claude",
                    "claude-haiku-4-5",
                    t ->
                        t.weight(40)
                            .key("eu") // pinned key (repeat for a sub-pool)
                            .endpointMode(
                                EndpointMode.CHAT) // passed as ProviderCall.endpointMode()
                            .temperature(0.2)
                            .maxTokens(800)
                            .extraParam("top_k", 5) // merged into the request
                            .contextWindow(200_000)
                            .price(
                                Money.usd("0.80"), Money.usd("4.00"))) // per million in/out tokens
                .fallback("openai/gpt-4o")
                .fallbackOn(ErrorKind.CONTENT_FILTERED, true) // per-alias override of the table
                .hedge(Duration.ofSeconds(2))) // or hedgeAtPercentile(95, initial)
    // end snippet: routing-targets
    ;
  }

  static GatewayClient.Builder probe() {
    return
    // snippet: routing-key-probe
    GatewayClient.builder()
        .disabledKeyProbeInterval(Duration.ofMinutes(5)) // Duration.ZERO: disabled for good
    // end snippet: routing-key-probe
    ;
  }

  static GatewayClient.Builder breakers(GatewayClient.Builder builder) {
    return builder
        // snippet: routing-breakers
        .circuitBreaker(
            c -> c.consecutiveFailures(3, Duration.ofMinutes(5))) // "3 failures -> 5 min"
        .circuitBreaker(
            c ->
                c.failureRateThreshold(50)
                    .slidingWindowSize(20)
                    .minimumCalls(10)
                    .slowCall(Duration.ofSeconds(20), 80)
                    .openDuration(Duration.ofSeconds(30))
                    .openDurationMultiplier(2)
                    .maxOpenDuration(Duration.ofMinutes(5))
                    .halfOpenProbes(1))
    // end snippet: routing-breakers
    ;
  }

  static GatewayClient.Builder affinity(GatewayClient.Builder builder) {
    return builder
        // snippet: routing-cache-affinity
        .alias(
        "support",
        a ->
            a.target("claude", "claude-sonnet-4-5", 50)
                .target("bedrock", "anthropic.claude-sonnet-4-5", 50)
                .cacheAffinity()) // or .cacheAffinity(Duration.ofMinutes(10))
    // end snippet: routing-cache-affinity
    ;
  }

  static GatewayClient.Builder affinityForPromptCaching(GatewayClient.Builder builder) {
    return builder
        // snippet: prompt-caching-affinity
        .alias(
        "support",
        a ->
            a.target("claude", "claude-sonnet-4-5", 50)
                .target("bedrock", "anthropic.claude-sonnet-4-5", 50)
                .cacheAffinity())
    // end snippet: prompt-caching-affinity
    ;
  }

  static GatewayClient.Builder idle() {
    return
    // snippet: routing-idle-expiry
    GatewayClient.builder().idleTargetExpiry(Duration.ofMinutes(10))
    // end snippet: routing-idle-expiry
    ;
  }
}
