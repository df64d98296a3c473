package dev.llmgateway.spring.boot;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.config.SecretResolver;
import dev.llmgateway.micrometer.MicrometerGatewayListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Micrometer metrics and observations of the auto-configured {@link GatewayClient}: a {@link
 * MicrometerGatewayListener} bean ({@code gatewayMicrometerListener}) when the context has a {@link
 * MeterRegistry}, observing into its {@link ObservationRegistry} when it has one; {@link
 * GatewayAutoConfiguration} adds it to the client as it adds every {@code GatewayEventListener}
 * bean. The GenAI semantic-convention meters ({@code gen_ai.client.operation.duration}, {@code
 * gen_ai.client.token.usage}...) and the gateway's ({@code llm.gateway.*}) then appear under {@code
 * /actuator/metrics}. Backs off when the context defines its own listener.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass({GatewayClient.class, MeterRegistry.class, MicrometerGatewayListener.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(
    prefix = SpringEnvironmentConfigSource.PREFIX,
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class GatewayMetricsAutoConfiguration {
  /** Creates the auto-configuration; Spring does. */
  public GatewayMetricsAutoConfiguration() {}

  /**
   * The GenAI metrics and per-call observations of the client's calls, with each provider's {@code
   * gen_ai.provider.name} taken from its {@code type} under {@code llm.gateway.providers}.
   *
   * @param meters the registry
   * @param observations the observation registry, if any
   * @param environment the environment, for the providers' types
   * @return the listener
   */
  @Bean
  @ConditionalOnMissingBean
  public MicrometerGatewayListener gatewayMicrometerListener(
      MeterRegistry meters,
      ObjectProvider<ObservationRegistry> observations,
      Environment environment) {
    MicrometerGatewayListener.Builder b = MicrometerGatewayListener.builder(meters);
    observations.ifAvailable(b::observationRegistry);
    providerTypes(environment).forEach(b::providerType);
    return b.build();
  }

  /** The type of each provider declared under {@code llm.gateway.providers}. */
  private static Map<String, String> providerTypes(Environment environment) {
    Map<String, String> types = new LinkedHashMap<>();
    var providers =
        new SpringEnvironmentConfigSource(environment)
            .configTree(SecretResolver.defaults().schemes())
            .path("providers");
    providers
        .fieldNames()
        .forEachRemaining(
            name -> {
              String type = providers.path(name).path("type").asText(name);
              if (!type.isBlank()) {
                types.put(name, type);
              }
            });
    return types;
  }
}
