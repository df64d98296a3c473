package dev.llmgateway.model;

import dev.llmgateway.error.InvalidRequestException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How the response cache may treat one request.
 *
 * @param mode whether the cache is used
 * @param ttl how long an answer stays cached, or {@code null} for the alias's default
 */
public record CachePolicy(Mode mode, @Nullable Duration ttl) {

  /** Follow the client's and alias's configuration. */
  public static final CachePolicy DEFAULT = new CachePolicy(Mode.DEFAULT, null);

  /** Never read or write the cache for this request. */
  public static final CachePolicy NO_CACHE = new CachePolicy(Mode.DISABLED, null);

  /** Cache modes. */
  public enum Mode {
    /** As configured for the client and alias. */
    DEFAULT,
    /** Cache this request even where it is off by default. */
    ENABLED,
    /** Do not cache this request. */
    DISABLED
  }

  /**
   * Validates the policy.
   *
   * @param mode whether the cache is used
   * @param ttl how long an answer stays cached, or {@code null} for the alias's default
   * @throws InvalidRequestException if the TTL is negative
   */
  public CachePolicy {
    Checks.notNull(mode, "cachePolicy.mode");
    if (ttl != null && ttl.isNegative()) {
      throw new InvalidRequestException("cachePolicy.ttl", "must not be negative, was " + ttl);
    }
  }

  /**
   * Cache this request for the given time; {@link Duration#ZERO} disables caching.
   *
   * @param ttl the time to live
   * @return the policy
   * @throws InvalidRequestException if {@code ttl} is negative
   */
  public static CachePolicy ttl(Duration ttl) {
    return ttl.isZero() ? NO_CACHE : new CachePolicy(Mode.ENABLED, ttl);
  }
}
