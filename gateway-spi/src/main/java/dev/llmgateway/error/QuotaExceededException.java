package dev.llmgateway.error;

import java.time.Instant;

/** A call was refused by a request or token rate limit; {@link #retryAt()} says when to retry. */
public class QuotaExceededException extends GatewayException {
  private static final long serialVersionUID = 1L;

  /** The budget's or quota's scope. */
  private final String scope;

  /** When capacity returns. */
  private final Instant retryAt;

  /**
   * Creates the exception.
   *
   * @param scope the quota's scope and limit, such as {@code tenant=acme: 60 requests/minute}
   * @param retryAt when capacity returns
   */
  public QuotaExceededException(String scope, Instant retryAt) {
    super("Quota '" + scope + "' is exhausted until " + retryAt);
    this.scope = scope;
    this.retryAt = retryAt;
  }

  /**
   * The quota's scope and limit.
   *
   * @return a description such as {@code tenant=acme: 60 requests/minute}
   */
  public String scope() {
    return scope;
  }

  /**
   * When capacity returns.
   *
   * @return the earliest instant at which the same call may be admitted
   */
  public Instant retryAt() {
    return retryAt;
  }
}
