package dev.llmgateway.budget;

import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;

/**
 * Which calls a budget counts: every call, or those of one tenant, team, feature, user or tag of
 * the {@link RequestContext}, or those sent to one provider or one model.
 *
 * @param kind what the scope matches on
 * @param key the tag key for {@link Kind#TAG}, else empty
 * @param value the tenant, team, feature, user, tag value, provider name or {@code provider/model};
 *     empty for {@link Kind#GLOBAL}
 */
public record BudgetScope(Kind kind, String key, String value) {

  /** What a scope matches on. */
  public enum Kind {
    /** Every call. */
    GLOBAL,
    /** The context's tenant. */
    TENANT,
    /** The context's team. */
    TEAM,
    /** The context's feature. */
    FEATURE,
    /** The context's user. */
    USER,
    /** One tag of the context. */
    TAG,
    /** The configured provider name of the target. */
    PROVIDER,
    /** The target, as {@code provider/model}. */
    MODEL
  }

  /**
   * Validates the scope.
   *
   * @param kind what the scope matches on
   * @param key the tag key for {@link Kind#TAG}, else empty
   * @param value the value matched; empty for {@link Kind#GLOBAL}
   * @throws IllegalArgumentException if a part is null, or blank where it is needed
   */
  public BudgetScope {
    if (kind == null || key == null || value == null) {
      throw new IllegalArgumentException("kind, key and value must not be null");
    }
    if (kind != Kind.GLOBAL && value.isBlank()) {
      throw new IllegalArgumentException("A " + kind + " budget scope needs a value, was blank");
    }
    if (kind == Kind.TAG && key.isBlank()) {
      throw new IllegalArgumentException("A TAG budget scope needs a key, was blank");
    }
  }

  /**
   * Every call.
   *
   * @return the scope
   */
  public static BudgetScope global() {
    return new BudgetScope(Kind.GLOBAL, "", "");
  }

  /**
   * The calls of one tenant.
   *
   * @param tenant the tenant
   * @return the scope
   */
  public static BudgetScope tenant(String tenant) {
    return new BudgetScope(Kind.TENANT, "", tenant);
  }

  /**
   * The calls of one team.
   *
   * @param team the team
   * @return the scope
   */
  public static BudgetScope team(String team) {
    return new BudgetScope(Kind.TEAM, "", team);
  }

  /**
   * The calls of one feature.
   *
   * @param feature the feature
   * @return the scope
   */
  public static BudgetScope feature(String feature) {
    return new BudgetScope(Kind.FEATURE, "", feature);
  }

  /**
   * The calls of one user.
   *
   * @param user the user
   * @return the scope
   */
  public static BudgetScope user(String user) {
    return new BudgetScope(Kind.USER, "", user);
  }

  /**
   * The calls carrying one tag value.
   *
   * @param key the tag key
   * @param value the tag value
   * @return the scope
   */
  public static BudgetScope tag(String key, String value) {
    return new BudgetScope(Kind.TAG, key, value);
  }

  /**
   * The calls sent to one configured provider.
   *
   * @param provider the provider's configured name
   * @return the scope
   */
  public static BudgetScope provider(String provider) {
    return new BudgetScope(Kind.PROVIDER, "", provider);
  }

  /**
   * The calls sent to one model of one provider.
   *
   * @param provider the provider's configured name
   * @param model the model id
   * @return the scope
   */
  public static BudgetScope model(String provider, String model) {
    return new BudgetScope(Kind.MODEL, "", provider + "/" + model);
  }

  /**
   * Whether a call with this context, sent to this target, counts against the scope.
   *
   * @param context the call's context
   * @param target the attempt's target
   * @return {@code true} if it counts
   */
  public boolean matches(RequestContext context, TargetRef target) {
    return switch (kind) {
      case GLOBAL -> true;
      case TENANT -> value.equals(context.tenant());
      case TEAM -> value.equals(context.team());
      case FEATURE -> value.equals(context.feature());
      case USER -> value.equals(context.user());
      case TAG -> value.equals(context.tags().get(key));
      case PROVIDER -> value.equals(target.provider());
      case MODEL ->
          value.length() == target.provider().length() + 1 + target.model().length()
              && value.startsWith(target.provider())
              && value.charAt(target.provider().length()) == '/'
              && value.endsWith(target.model());
    };
  }

  /** Returns {@code global}, {@code team=support} or {@code tag:env=prod}. */
  @Override
  public String toString() {
    return switch (kind) {
      case GLOBAL -> "global";
      case TAG -> "tag:" + key + "=" + value;
      default -> kind.name().toLowerCase(java.util.Locale.ROOT) + "=" + value;
    };
  }
}
