package dev.llmgateway.internal.config;

import dev.llmgateway.routing.RoutingHook;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How requests pick their alias besides naming it.
 *
 * @param rules request rules, in order
 * @param hook the Java routing hook, or {@code null}
 * @param modelRules model-name globs to providers, in order
 * @param defaultAlias the default alias, or {@code null}
 * @param unknownToDefault whether unknown models go to the default alias
 * @param defaultFallbacks fallbacks appended to every alias's plan
 * @param tenants the tenants' policies by name
 */
public record RoutingSettings(
    List<RequestRule> rules,
    @Nullable RoutingHook hook,
    List<ModelRule> modelRules,
    @Nullable String defaultAlias,
    boolean unknownToDefault,
    List<String> defaultFallbacks,
    Map<String, TenantRule> tenants) {
  /**
   * Copies the lists.
   *
   * @param rules request rules, in order
   * @param hook the Java routing hook, or {@code null}
   * @param modelRules model-name globs to providers, in order
   * @param defaultAlias the default alias, or {@code null}
   * @param unknownToDefault whether unknown models go to the default alias
   * @param defaultFallbacks fallbacks appended to every alias's plan
   * @param tenants the tenants' policies by name
   */
  public RoutingSettings {
    rules = List.copyOf(rules);
    modelRules = List.copyOf(modelRules);
    defaultFallbacks = List.copyOf(defaultFallbacks);
    tenants = Map.copyOf(tenants);
  }
}
