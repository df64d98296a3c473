package dev.llmgateway.spring.boot;

import dev.llmgateway.GatewayClient;

/**
 * Adds to the builder of the auto-configured {@link GatewayClient} what properties cannot hold: a
 * routing hook, stores, a clock, usage sinks of your own. Declare one or more as beans; they run in
 * their {@code @Order}, after the starter has added the context's {@code GatewayEventListener},
 * {@code Interceptor} and {@code AttemptInterceptor} beans and before the configuration source is
 * set, so values from {@code llm.gateway.*} replace the customizer's where both set one.
 *
 * <pre>{@code
 * @Bean
 * GatewayClientCustomizer routing(MyHook hook) {
 *   return builder -> builder.routingHook(hook);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface GatewayClientCustomizer {
  /**
   * Customizes the builder.
   *
   * @param builder the builder of the auto-configured client
   */
  void customize(GatewayClient.Builder builder);
}
