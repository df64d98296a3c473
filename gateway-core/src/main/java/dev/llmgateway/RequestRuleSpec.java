package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.RequestRule;
import dev.llmgateway.routing.RouteRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures one declarative request rule inside {@link
 * GatewayClient.Builder#requestRule(java.util.function.Consumer)}: conditions on the call, and the
 * alias it routes to when all of them hold. Rules are checked in the order added, after the {@link
 * dev.llmgateway.routing.RoutingHook} and before alias resolution; the first rule that matches
 * wins. A condition left unset matches every call.
 *
 * <pre>{@code
 * .requestRule(r -> r.forModel("auto").tenant("acme").priority("high").routeTo("premium"))
 * .requestRule(r -> r.forModel("auto").minPromptTokens(30_000).routeTo("long-context"))
 * }</pre>
 *
 * <p>Not thread-safe; used only while the builder runs its configurer.
 */
public final class RequestRuleSpec {
  private @Nullable String model;
  private @Nullable String tenant;
  private @Nullable String team;
  private @Nullable String feature;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private long minPromptTokens;
  private long maxPromptTokens = Long.MAX_VALUE;
  private @Nullable String target;

  RequestRuleSpec() {}

  /**
   * Matches only calls whose requested model is this name (often a virtual name such as {@code
   * auto}). Defaults to any model.
   *
   * @param model the requested model or alias
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public RequestRuleSpec forModel(String model) {
    this.model = notBlank(model, "forModel");
    return this;
  }

  /**
   * Matches only calls of this tenant. Defaults to any tenant.
   *
   * @param tenant the tenant
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public RequestRuleSpec tenant(String tenant) {
    this.tenant = notBlank(tenant, "tenant");
    return this;
  }

  /**
   * Matches only calls of this team. Defaults to any team.
   *
   * @param team the team
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public RequestRuleSpec team(String team) {
    this.team = notBlank(team, "team");
    return this;
  }

  /**
   * Matches only calls of this feature. Defaults to any feature.
   *
   * @param feature the feature
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public RequestRuleSpec feature(String feature) {
    this.feature = notBlank(feature, "feature");
    return this;
  }

  /**
   * Matches only calls whose context carries this tag with this value. Defaults to no tag
   * condition.
   *
   * @param key the tag key
   * @param value the tag value
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public RequestRuleSpec tag(String key, String value) {
    tags.put(notBlank(key, "tag key"), notBlank(value, "tag value"));
    return this;
  }

  /**
   * Matches only calls with this priority: the tag {@value RouteRequest#PRIORITY_TAG} of the
   * request's context. Defaults to any priority.
   *
   * @param priority the priority, such as {@code high}
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public RequestRuleSpec priority(String priority) {
    return tag(RouteRequest.PRIORITY_TAG, priority);
  }

  /**
   * Matches only calls whose estimated prompt (see {@link GatewayClient.Builder#tokenEstimator})
   * has at least this many tokens. Defaults to 0.
   *
   * @param tokens zero or more
   * @return this spec
   * @throws ConfigurationException if negative
   */
  public RequestRuleSpec minPromptTokens(long tokens) {
    if (tokens < 0) {
      throw new ConfigurationException(
          "requestRule minPromptTokens must not be negative, was " + tokens);
    }
    this.minPromptTokens = tokens;
    return this;
  }

  /**
   * Matches only calls whose estimated prompt has at most this many tokens. Defaults to no limit.
   *
   * @param tokens zero or more
   * @return this spec
   * @throws ConfigurationException if negative
   */
  public RequestRuleSpec maxPromptTokens(long tokens) {
    if (tokens < 0) {
      throw new ConfigurationException(
          "requestRule maxPromptTokens must not be negative, was " + tokens);
    }
    this.maxPromptTokens = tokens;
    return this;
  }

  /**
   * Sets the alias matching calls are routed to; required. Checked by {@link
   * GatewayClient.Builder#build()}.
   *
   * @param alias a configured alias
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public RequestRuleSpec routeTo(String alias) {
    this.target = notBlank(alias, "routeTo");
    return this;
  }

  RequestRule toRule(int index) {
    if (target == null) {
      throw new ConfigurationException("requestRule #" + index + " has no routeTo(alias)");
    }
    if (minPromptTokens > maxPromptTokens) {
      throw new ConfigurationException(
          "requestRule #"
              + index
              + " minPromptTokens "
              + minPromptTokens
              + " exceeds maxPromptTokens "
              + maxPromptTokens);
    }
    return new RequestRule(
        index, model, tenant, team, feature, tags, minPromptTokens, maxPromptTokens, target);
  }

  private static String notBlank(@Nullable String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(
          "requestRule "
              + what
              + " must not be blank, was "
              + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }
}
