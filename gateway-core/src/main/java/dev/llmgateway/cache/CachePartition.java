package dev.llmgateway.cache;

import dev.llmgateway.model.RequestContext;

/**
 * Which part of a request's {@link RequestContext} separates cached answers. The partition value is
 * hashed into every cache key, so two requests that differ only in their partition never share an
 * answer. A request without the attribute (no tenant under {@link #TENANT}) falls in the partition
 * of requests without it, which is apart from every named one.
 */
public enum CachePartition {
  /** One partition per tenant (the default): tenants never see each other's answers. */
  TENANT,
  /** One partition per tenant and team. */
  TEAM,
  /** One partition per tenant and feature. */
  FEATURE,
  /** One partition for all calls: every tenant may be served another tenant's answer. */
  GLOBAL;

  /**
   * The partition value of a request context, as hashed into the key.
   *
   * @param context the request's attribution
   * @return a string that differs for contexts in different partitions
   */
  public String valueOf(RequestContext context) {
    switch (this) {
      case TENANT:
        return "tenant=" + nullToEmpty(context.tenant());
      case TEAM:
        return "tenant="
            + nullToEmpty(context.tenant())
            + "\u0000team="
            + nullToEmpty(context.team());
      case FEATURE:
        return "tenant="
            + nullToEmpty(context.tenant())
            + "\u0000feature="
            + nullToEmpty(context.feature());
      default:
        return "global";
    }
  }

  private static String nullToEmpty(@org.jspecify.annotations.Nullable String s) {
    return s == null ? "\u0001" : s;
  }
}
