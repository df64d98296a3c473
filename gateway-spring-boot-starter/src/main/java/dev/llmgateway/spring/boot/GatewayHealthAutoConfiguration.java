package dev.llmgateway.spring.boot;

import dev.llmgateway.GatewayClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health indicator {@code llmGateway} ({@link GatewayHealthIndicator}) of the context's {@link
 * GatewayClient}, the auto-configured one or your own; with Spring Boot's health module (as
 * Actuator brings). {@code management.health.llmGateway.enabled=false} turns it off.
 */
@AutoConfiguration(after = GatewayAutoConfiguration.class)
@ConditionalOnClass({GatewayClient.class, HealthIndicator.class})
@ConditionalOnBean(GatewayClient.class)
@ConditionalOnEnabledHealthIndicator("llmGateway")
public class GatewayHealthAutoConfiguration {
  /** Creates the auto-configuration; Spring does. */
  public GatewayHealthAutoConfiguration() {}

  /**
   * The indicator.
   *
   * @param gateway the client
   * @return the indicator
   */
  @Bean(name = "llmGatewayHealthIndicator")
  @ConditionalOnMissingBean(name = "llmGatewayHealthIndicator")
  public GatewayHealthIndicator llmGatewayHealthIndicator(GatewayClient gateway) {
    return new GatewayHealthIndicator(gateway);
  }
}
