package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.QuotaRule;
import dev.llmgateway.ratelimit.QuotaScope;
import org.jspecify.annotations.Nullable;

/**
 * Configures one quota inside {@link GatewayClient.Builder#quota(java.util.function.Consumer)}: a
 * scope and at least one limit. Every setter checks its argument at once and throws {@link
 * ConfigurationException} with the value given.
 *
 * <pre>{@code
 * .quota(q -> q.scope(QuotaScope.tenant("acme")).requestsPerMinute(60).tokensPerMinute(100_000))
 * .quota(q -> q.scope(QuotaScope.eachTenant()).requestsPerDay(5_000))
 * }</pre>
 *
 * <p><b>Windows.</b> Every limit is a sliding window of fixed sub-buckets (60 one-second
 * sub-buckets for a minute, 1,440 one-minute sub-buckets for a day, counted from the bucket's first
 * admission): a call is admitted when the calls (or tokens) the window still counts, plus this one,
 * stay within the limit. An admission at {@code t} stops counting at the end of its sub-bucket plus
 * the window, in {@code [t + window, t + window + one sub-bucket)}, so the limit holds in every
 * sliding window, including across the edges of clock minutes, and capacity returns at most one
 * sub-bucket (1 s, or 1 min for a day) later than with an exact log of admissions. A refusal's
 * {@link dev.llmgateway.error.QuotaExceededException#retryAt()} is the instant enough earlier
 * sub-buckets leave the window (the latest such instant over every limit the call exceeds). The
 * memory of a window is set by its sub-buckets, not by its traffic; the windows of a scope idle for
 * a window plus one sub-bucket are evicted ({@link
 * dev.llmgateway.ratelimit.QuotaStore#inMemory()}).
 *
 * <p><b>Tokens.</b> A call reserves its estimated prompt tokens (the client's {@link
 * dev.llmgateway.pricing.TokenEstimator}) plus its {@code maxTokens} (nothing for output when it
 * sets none) at admission; the reservation is settled, when the call ends, to the tokens its budget
 * charge is computed from: the reported usage, or the estimate where the provider reported none;
 * zero for a cache hit. A stream settles when it ends, whichever way: read to its end, or to what
 * it consumed until it was closed early, cancelled, broke, was abandoned or ended by the client's
 * {@code close()} (stopping streams early does not evade the quota). A call that fails before any
 * answer releases its reservation. A call whose reservation alone exceeds the limit is refused with
 * {@code retryAt} one window ahead.
 *
 * <p><b>Requests.</b> Every admitted call counts, whatever its outcome (including cache hits and
 * failures). A call refused by one quota counts against none.
 *
 * <p>Not thread-safe; used only while the builder runs its configurer.
 */
public final class QuotaSpec {
  private @Nullable QuotaScope scope;
  private long requestsPerMinute;
  private long requestsPerDay;
  private long tokensPerMinute;

  QuotaSpec() {}

  /**
   * Sets whose calls the quota counts. Required; no default.
   *
   * @param scope the scope
   * @return this spec
   * @throws ConfigurationException if null
   */
  public QuotaSpec scope(QuotaScope scope) {
    if (scope == null) {
      throw new ConfigurationException("quota scope must not be null");
    }
    this.scope = scope;
    return this;
  }

  /**
   * Limits the calls admitted in any sliding minute. Defaults to no limit.
   *
   * @param limit positive
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public QuotaSpec requestsPerMinute(long limit) {
    this.requestsPerMinute = positive(limit, "requestsPerMinute");
    return this;
  }

  /**
   * Limits the calls admitted in any sliding 24 hours. Defaults to no limit.
   *
   * @param limit positive
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public QuotaSpec requestsPerDay(long limit) {
    this.requestsPerDay = positive(limit, "requestsPerDay");
    return this;
  }

  /**
   * Limits the tokens (reserved, then settled to the tokens consumed) in any sliding minute.
   * Defaults to no limit.
   *
   * @param limit positive
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public QuotaSpec tokensPerMinute(long limit) {
    this.tokensPerMinute = positive(limit, "tokensPerMinute");
    return this;
  }

  private long positive(long limit, String what) {
    if (limit <= 0) {
      throw new ConfigurationException(
          "quota "
              + (scope == null ? "" : "'" + scope + "' ")
              + what
              + " must be positive, was "
              + limit);
    }
    return limit;
  }

  QuotaRule toRule() {
    if (scope == null) {
      throw new ConfigurationException("quota needs a scope, such as QuotaScope.tenant(\"acme\")");
    }
    if (requestsPerMinute == 0 && requestsPerDay == 0 && tokensPerMinute == 0) {
      throw new ConfigurationException(
          "quota '"
              + scope
              + "' sets no limit; set requestsPerMinute, requestsPerDay or tokensPerMinute");
    }
    return new QuotaRule(scope, requestsPerMinute, requestsPerDay, tokensPerMinute);
  }

  @Override
  public String toString() {
    return "Quota{scope="
        + scope
        + ", requestsPerMinute="
        + requestsPerMinute
        + ", requestsPerDay="
        + requestsPerDay
        + ", tokensPerMinute="
        + tokensPerMinute
        + "}";
  }
}
