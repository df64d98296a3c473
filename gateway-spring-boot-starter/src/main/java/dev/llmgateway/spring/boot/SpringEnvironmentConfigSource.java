package dev.llmgateway.spring.boot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.config.ConfigException;
import dev.llmgateway.config.ConfigSource;
import dev.llmgateway.config.GatewayConfig;
import dev.llmgateway.config.SecretResolver;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.core.env.Environment;

/**
 * A gateway {@link ConfigSource} that reads the properties under {@code llm.gateway} (or another
 * prefix) from a Spring {@link Environment}: the keys of the configuration file format ({@code
 * docs/configuration.md}) with Spring's relaxed names ({@code default-timeout} or {@code
 * defaultTimeout}), from {@code application.yml}, {@code application.properties}, environment
 * variables ({@code LLM_GATEWAY_DEFAULTTIMEOUT}) or any other property source, in Spring's order.
 *
 * <pre>{@code
 * llm:
 *   gateway:
 *     providers:
 *       openai:
 *         api-key: ${env:OPENAI_API_KEY}
 *     aliases:
 *       fast:
 *         targets:
 *           - provider: openai
 *             model: gpt-4o-mini
 * }</pre>
 *
 * <p>Secret references ({@code ${env:NAME}}, {@code ${file:/path}} or a scheme of the client's
 * {@link SecretResolver}) pass through Spring untouched and are resolved by the gateway; a key
 * written as a Spring placeholder ({@code ${OPENAI_API_KEY}}) reaches the gateway as a literal key
 * and is refused, without being shown. The keys {@code llm.gateway.enabled} and {@code
 * llm.gateway.config-file} belong to the starter and are left out.
 *
 * <p>{@link #load} reads the environment as it is at that moment, so {@link
 * dev.llmgateway.GatewayClient#reload()} (or the Actuator endpoint's reload operation) picks up
 * property sources changed since. {@link #changed()} signals subscribed clients, for code that
 * knows when the environment changed (such as a Spring Cloud {@code EnvironmentChangeEvent}
 * listener). Thread-safe.
 */
public final class SpringEnvironmentConfigSource implements ConfigSource {
  /** The prefix the starter binds: {@value}. */
  public static final String PREFIX = "llm.gateway";

  /** The starter's own keys under the prefix, in relaxed form; not part of the file format. */
  static final Set<String> STARTER_KEYS = Set.of("enabled", "configfile");

  private final Environment environment;
  private final String prefix;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  /**
   * A source reading the properties under {@value #PREFIX}.
   *
   * @param environment the environment
   * @throws NullPointerException if {@code environment} is null
   */
  public SpringEnvironmentConfigSource(Environment environment) {
    this(environment, PREFIX);
  }

  /**
   * A source reading the properties under another prefix.
   *
   * @param environment the environment
   * @param prefix the prefix, such as {@code llm.gateway}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the prefix is not a valid Spring property name
   */
  public SpringEnvironmentConfigSource(Environment environment, String prefix) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    if (!org.springframework.boot.context.properties.source.ConfigurationPropertyName.isValid(
        prefix)) {
      throw new IllegalArgumentException(
          "prefix must be a valid Spring property name, was '" + prefix + "'");
    }
  }

  @Override
  public String name() {
    return "Spring environment (" + prefix + ".*)";
  }

  /**
   * Reads the properties under the prefix now and validates them as a configuration file.
   *
   * @param resolver resolves the secret references
   * @return the configuration
   * @throws ConfigException with every problem, each with its path in the file format's names
   */
  @Override
  public GatewayConfig load(SecretResolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    Set<String> schemes = new java.util.HashSet<>(resolver.schemes());
    schemes.addAll(SecretResolver.defaults().schemes());
    ObjectNode tree = configTree(schemes);
    return GatewayConfig.parse(tree.toString(), name(), resolver);
  }

  /** The configuration tree of the properties, in the file format's names. */
  ObjectNode configTree(Set<String> schemes) {
    Map<String, Object> bound = PropertyTree.read(environment, prefix, STARTER_KEYS, schemes);
    return SchemaBinding.toConfigTree(bound);
  }

  @Override
  public Subscription subscribe(Runnable onChange) {
    Objects.requireNonNull(onChange, "onChange");
    listeners.add(onChange);
    return () -> listeners.remove(onChange);
  }

  /**
   * Tells the subscribed clients that the environment may have changed: each reloads on its reload
   * thread (a rejected configuration changes nothing and is logged).
   */
  public void changed() {
    for (Runnable r : listeners) {
      r.run();
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
