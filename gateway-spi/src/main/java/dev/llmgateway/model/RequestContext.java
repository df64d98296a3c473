package dev.llmgateway.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who a call is for, used for attribution (cost per tenant, team, feature and user), budgets,
 * quotas and routing rules. Immutable; every {@code with}-style method returns a copy.
 *
 * <pre>{@code
 * RequestContext ctx = RequestContext.tenant("acme").team("support").feature("faq").user("u-42")
 *     .tag("env", "prod");
 * }</pre>
 *
 * @param tenant the tenant (customer, organization), or {@code null}
 * @param team the team inside the tenant, or {@code null}
 * @param feature the product feature making the call, or {@code null}
 * @param user the end user, or {@code null}
 * @param tags free key-value tags
 */
public record RequestContext(
    @Nullable String tenant,
    @Nullable String team,
    @Nullable String feature,
    @Nullable String user,
    Map<String, String> tags) {

  /** No attribution at all. */
  public static final RequestContext EMPTY = new RequestContext(null, null, null, null, Map.of());

  /**
   * Validates and copies the context.
   *
   * @param tenant the tenant (customer, organization), or {@code null}
   * @param team the team inside the tenant, or {@code null}
   * @param feature the product feature making the call, or {@code null}
   * @param user the end user, or {@code null}
   * @param tags free key-value tags
   * @throws dev.llmgateway.error.InvalidRequestException if a tag key or value is null
   */
  public RequestContext {
    tags = Checks.stringMap(tags, "context.tags");
  }

  /**
   * A context for a tenant.
   *
   * @param tenant the tenant
   * @return a context with only the tenant set
   * @throws dev.llmgateway.error.InvalidRequestException if {@code tenant} is blank
   */
  public static RequestContext tenant(String tenant) {
    return new RequestContext(
        Checks.notBlank(tenant, "context.tenant"), null, null, null, Map.of());
  }

  /**
   * Returns a copy with the team set.
   *
   * @param team the team
   * @return the copy
   * @throws dev.llmgateway.error.InvalidRequestException if {@code team} is blank
   */
  public RequestContext team(String team) {
    return new RequestContext(tenant, Checks.notBlank(team, "context.team"), feature, user, tags);
  }

  /**
   * Returns a copy with the feature set.
   *
   * @param feature the feature
   * @return the copy
   * @throws dev.llmgateway.error.InvalidRequestException if {@code feature} is blank
   */
  public RequestContext feature(String feature) {
    return new RequestContext(
        tenant, team, Checks.notBlank(feature, "context.feature"), user, tags);
  }

  /**
   * Returns a copy with the end user set.
   *
   * @param user the user id
   * @return the copy
   * @throws dev.llmgateway.error.InvalidRequestException if {@code user} is blank
   */
  public RequestContext user(String user) {
    return new RequestContext(tenant, team, feature, Checks.notBlank(user, "context.user"), tags);
  }

  /**
   * Returns a copy with one more tag (replacing a tag with the same key).
   *
   * @param key the tag key
   * @param value the tag value
   * @return the copy
   * @throws dev.llmgateway.error.InvalidRequestException if the key is blank or the value null
   */
  public RequestContext tag(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(tags);
    copy.put(
        Checks.notBlank(key, "context.tags.key"), Checks.notNull(value, "context.tags." + key));
    return new RequestContext(tenant, team, feature, user, copy);
  }
}
