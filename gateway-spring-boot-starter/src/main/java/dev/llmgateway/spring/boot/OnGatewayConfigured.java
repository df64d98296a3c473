package dev.llmgateway.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link GatewayAutoConfiguration#gatewayConfigSource}: matches when {@code
 * llm.gateway.config-file} or any other {@code llm.gateway.*} key (but {@code enabled}) is set.
 */
public final class OnGatewayConfigured extends SpringBootCondition {
  /** Creates the condition; Spring does. */
  public OnGatewayConfigured() {}

  /**
   * Whether the gateway is configured.
   *
   * @param context the condition context
   * @param metadata the annotated element
   * @return the outcome, saying which property made it match
   */
  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    String file =
        context.getEnvironment().getProperty(GatewayAutoConfiguration.CONFIG_FILE_PROPERTY);
    if (file != null && !file.isBlank()) {
      return ConditionOutcome.match("llm.gateway.config-file is set");
    }
    if (PropertyTree.hasAny(
        context.getEnvironment(),
        SpringEnvironmentConfigSource.PREFIX,
        SpringEnvironmentConfigSource.STARTER_KEYS)) {
      return ConditionOutcome.match("llm.gateway.* properties are set");
    }
    return ConditionOutcome.noMatch("no llm.gateway.* property is set");
  }
}
