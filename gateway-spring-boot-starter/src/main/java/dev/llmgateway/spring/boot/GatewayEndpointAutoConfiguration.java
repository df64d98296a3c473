package dev.llmgateway.spring.boot;

import dev.llmgateway.GatewayClient;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator endpoint {@code llmgateway} ({@link GatewayEndpoint}) of the context's {@link
 * GatewayClient}, when Actuator is present and the endpoint is exposed ({@code
 * management.endpoints.web.exposure.include=health,llmgateway}).
 */
@AutoConfiguration(after = GatewayAutoConfiguration.class)
@ConditionalOnClass({GatewayClient.class, Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(GatewayClient.class)
public class GatewayEndpointAutoConfiguration {
  /** Creates the auto-configuration; Spring does. */
  public GatewayEndpointAutoConfiguration() {}

  /**
   * The endpoint.
   *
   * @param gateway the client
   * @return the endpoint
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint(GatewayEndpoint.class)
  public GatewayEndpoint gatewayEndpoint(GatewayClient gateway) {
    return new GatewayEndpoint(gateway);
  }
}
