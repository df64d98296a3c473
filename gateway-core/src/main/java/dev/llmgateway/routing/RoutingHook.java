package dev.llmgateway.routing;

import org.jspecify.annotations.Nullable;

/**
 * Picks the alias of a call in Java, before the declarative request rules. Added with {@code
 * GatewayClient.Builder.routingHook}.
 *
 * <pre>{@code
 * .routingHook(r -> "vip".equals(r.context().tenant()) && r.estimatedPromptTokens() > 8_000
 *     ? "long-context" : null)
 * }</pre>
 *
 * <p>Runs on the calling thread, once per call (and per {@code explain}), without any lock held;
 * must be thread-safe and fast. An exception it throws fails the call.
 */
@FunctionalInterface
public interface RoutingHook {

  /**
   * Picks the alias for a call.
   *
   * @param request what the call asks for and who it is for
   * @return the name of a configured alias to route to, or {@code null} to leave the decision to
   *     the request rules and the requested model
   */
  @Nullable String route(RouteRequest request);
}
