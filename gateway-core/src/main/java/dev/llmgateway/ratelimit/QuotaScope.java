package dev.llmgateway.ratelimit;

import dev.llmgateway.model.RequestContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whose calls a quota counts: one tenant, team, feature, user or tag value, every call ({@link
 * #global()}), or each tenant or user separately ({@link #eachTenant()}, {@link #eachUser()}: the
 * defaults for tenants or users without a quota of their own).
 *
 * <pre>{@code
 * .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(60).tokensPerMinute(100_000))
 * .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerMinute(10))
 * }</pre>
 *
 * <p>Immutable and thread-safe; equal scopes count into the same windows.
 */
public final class QuotaScope {
  /** The attribute a scope matches on. */
  public enum Kind {
    /** One tenant. */
    TENANT,
    /** Each tenant separately, unless it has a {@link #TENANT} quota of the same limit. */
    EACH_TENANT,
    /** One team. */
    TEAM,
    /** One feature. */
    FEATURE,
    /** One end user. */
    USER,
    /** Each end user separately, unless it has a {@link #USER} quota of the same limit. */
    EACH_USER,
    /** One tag value. */
    TAG,
    /** Every call. */
    GLOBAL
  }

  private static final QuotaScope GLOBAL = new QuotaScope(Kind.GLOBAL, null, "");
  private static final QuotaScope EACH_TENANT = new QuotaScope(Kind.EACH_TENANT, null, "");
  private static final QuotaScope EACH_USER = new QuotaScope(Kind.EACH_USER, null, "");

  private final Kind kind;
  private final @Nullable String tagKey;
  private final String value;

  /** {@link #toString()}, built once: a matching call's bucket name, asked for on every call. */
  private final String name;

  private QuotaScope(Kind kind, @Nullable String tagKey, String value) {
    this.kind = kind;
    this.tagKey = tagKey;
    this.value = value;
    this.name = describe(kind, tagKey, value);
  }

  /**
   * The calls of one tenant.
   *
   * @param tenant the tenant, as in {@link RequestContext#tenant()}
   * @return the scope
   * @throws IllegalArgumentException if blank
   */
  public static QuotaScope tenant(String tenant) {
    return new QuotaScope(Kind.TENANT, null, notBlank(tenant, "tenant"));
  }

  /**
   * The calls of each tenant, counted separately: the default quota of every tenant that has no
   * {@link #tenant(String)} quota limiting the same thing (requests per minute, per day or tokens
   * per minute). Calls without a tenant are not counted.
   *
   * @return the scope
   */
  public static QuotaScope eachTenant() {
    return EACH_TENANT;
  }

  /**
   * The calls of one team (of any tenant).
   *
   * @param team the team, as in {@link RequestContext#team()}
   * @return the scope
   * @throws IllegalArgumentException if blank
   */
  public static QuotaScope team(String team) {
    return new QuotaScope(Kind.TEAM, null, notBlank(team, "team"));
  }

  /**
   * The calls of one feature.
   *
   * @param feature the feature, as in {@link RequestContext#feature()}
   * @return the scope
   * @throws IllegalArgumentException if blank
   */
  public static QuotaScope feature(String feature) {
    return new QuotaScope(Kind.FEATURE, null, notBlank(feature, "feature"));
  }

  /**
   * The calls of one end user.
   *
   * @param user the user, as in {@link RequestContext#user()}
   * @return the scope
   * @throws IllegalArgumentException if blank
   */
  public static QuotaScope user(String user) {
    return new QuotaScope(Kind.USER, null, notBlank(user, "user"));
  }

  /**
   * The calls of each end user, counted separately: the default quota of every user that has no
   * {@link #user(String)} quota limiting the same thing. Calls without a user are not counted. The
   * in-memory store evicts the windows of users idle for a window, so a large user base does not
   * grow memory without bound.
   *
   * @return the scope
   */
  public static QuotaScope eachUser() {
    return EACH_USER;
  }

  /**
   * The calls tagged {@code key=value}.
   *
   * @param key the tag key
   * @param value the tag value
   * @return the scope
   * @throws IllegalArgumentException if either is blank
   */
  public static QuotaScope tag(String key, String value) {
    return new QuotaScope(Kind.TAG, notBlank(key, "tag key"), notBlank(value, "tag value"));
  }

  /**
   * Every call through the client.
   *
   * @return the scope
   */
  public static QuotaScope global() {
    return GLOBAL;
  }

  /**
   * The attribute this scope matches on.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The window a call counts into under this scope, or {@code null} if the scope does not count it.
   *
   * @param context the call's attribution
   * @return a bucket id such as {@code tenant=acme}, or {@code null}
   */
  public @Nullable String bucketFor(RequestContext context) {
    switch (kind) {
      case TENANT:
        return value.equals(context.tenant()) ? toString() : null;
      case EACH_TENANT:
        return context.tenant() == null ? null : "tenant=" + context.tenant();
      case TEAM:
        return value.equals(context.team()) ? toString() : null;
      case FEATURE:
        return value.equals(context.feature()) ? toString() : null;
      case USER:
        return value.equals(context.user()) ? toString() : null;
      case EACH_USER:
        return context.user() == null ? null : "user=" + context.user();
      case TAG:
        return value.equals(context.tags().get(tagKey)) ? toString() : null;
      default:
        return "global";
    }
  }

  private static String notBlank(@Nullable String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(
          "QuotaScope " + what + " must not be blank, was " + (s == null ? "null" : "'" + s + "'"));
    }
    return s;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof QuotaScope q
        && q.kind == kind
        && Objects.equals(q.tagKey, tagKey)
        && q.value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, tagKey, value);
  }

  /** Describes the scope, such as {@code tenant=acme}, {@code tag:region=eu} or {@code global}. */
  @Override
  public String toString() {
    return name;
  }

  private static String describe(Kind kind, @Nullable String tagKey, String value) {
    switch (kind) {
      case TENANT:
        return "tenant=" + value;
      case EACH_TENANT:
        return "each tenant";
      case TEAM:
        return "team=" + value;
      case FEATURE:
        return "feature=" + value;
      case USER:
        return "user=" + value;
      case EACH_USER:
        return "each user";
      case TAG:
        return "tag:" + tagKey + "=" + value;
      default:
        return "global";
    }
  }
}
