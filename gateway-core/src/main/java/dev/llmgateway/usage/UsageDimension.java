package dev.llmgateway.usage;

/** What a {@link UsageReport} can group by. */
public enum UsageDimension {
  /** {@link dev.llmgateway.model.RequestContext#tenant()}. */
  TENANT,
  /** {@link dev.llmgateway.model.RequestContext#team()}. */
  TEAM,
  /** {@link dev.llmgateway.model.RequestContext#feature()}. */
  FEATURE,
  /** {@link dev.llmgateway.model.RequestContext#user()}. */
  USER,
  /** The configured provider name that served (or last failed) the call. */
  PROVIDER,
  /** The concrete model that served (or last failed) the call. */
  MODEL,
  /** The record's calendar day in the report's zone, as {@code yyyy-MM-dd}. */
  DAY
}
