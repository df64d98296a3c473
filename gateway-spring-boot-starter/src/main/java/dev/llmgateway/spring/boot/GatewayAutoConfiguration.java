package dev.llmgateway.spring.boot;

import dev.llmgateway.AttemptInterceptor;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.Interceptor;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.SecretResolver;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of a {@link GatewayClient} from the properties under {@code llm.gateway} (the
 * configuration file format of {@code docs/configuration.md}, with relaxed names), or from the file
 * that {@code llm.gateway.config-file} names (watched: a change reloads the client).
 *
 * <p>Beans, each backing off when the context defines its own:
 *
 * <ul>
 *   <li>{@code gatewayConfigSource} ({@link ConfigSource}): {@link SpringEnvironmentConfigSource},
 *       or {@link ConfigSource#file} of {@code llm.gateway.config-file};
 *   <li>{@code gatewayClient} ({@link GatewayClient}), closed when the context closes: its usage
 *       records are written and its streams ended. Built with every {@link GatewayEventListener},
 *       {@link Interceptor} and {@link AttemptInterceptor} bean, a {@link SecretResolver} bean, and
 *       the {@link GatewayClientCustomizer} beans;
 * </ul>
 *
 * <p>Beside it: {@link GatewayMetricsAutoConfiguration} (Micrometer), {@link
 * GatewayHealthAutoConfiguration} (the health indicator) and {@link
 * GatewayEndpointAutoConfiguration} (the Actuator endpoint).
 *
 * <p>{@code llm.gateway.enabled=false} turns it all off. Without any {@code llm.gateway.*} property
 * no client is created.
 */
@AutoConfiguration(after = GatewayMetricsAutoConfiguration.class)
@ConditionalOnClass(GatewayClient.class)
@ConditionalOnProperty(
    prefix = SpringEnvironmentConfigSource.PREFIX,
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class GatewayAutoConfiguration {
  /** The property naming a configuration file to use instead of the properties: {@value}. */
  public static final String CONFIG_FILE_PROPERTY = "llm.gateway.config-file";

  /** Creates the auto-configuration; Spring does. */
  public GatewayAutoConfiguration() {}

  /**
   * Where the client's configuration comes from.
   *
   * @param environment the environment
   * @return the file of {@code llm.gateway.config-file}, watched, or the environment's properties
   */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnGatewayConfigured.class)
  public ConfigSource gatewayConfigSource(Environment environment) {
    String file = environment.getProperty(CONFIG_FILE_PROPERTY);
    if (file != null && !file.isBlank()) {
      return ConfigSource.file(Path.of(file));
    }
    return new SpringEnvironmentConfigSource(environment);
  }

  /**
   * The client, live on its configuration source.
   *
   * @param source the configuration source
   * @param listeners the event listener beans
   * @param interceptors the call interceptor beans
   * @param attemptInterceptors the attempt interceptor beans
   * @param secretResolver a secret resolver bean for references of other schemes, if any
   * @param customizers the customizer beans
   * @return the client
   * @throws dev.llmgateway.config.ConfigException with every problem of the configuration
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ConfigSource.class)
  public GatewayClient gatewayClient(
      ConfigSource source,
      ObjectProvider<GatewayEventListener> listeners,
      ObjectProvider<Interceptor> interceptors,
      ObjectProvider<AttemptInterceptor> attemptInterceptors,
      ObjectProvider<SecretResolver> secretResolver,
      ObjectProvider<GatewayClientCustomizer> customizers) {
    GatewayClient.Builder builder = GatewayClient.builder();
    secretResolver.ifAvailable(builder::secretResolver);
    listeners.orderedStream().forEach(builder::eventListener);
    interceptors.orderedStream().forEach(builder::interceptor);
    attemptInterceptors.orderedStream().forEach(builder::attemptInterceptor);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.configSource(source).build();
  }
}
