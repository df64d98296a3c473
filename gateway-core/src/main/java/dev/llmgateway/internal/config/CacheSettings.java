package dev.llmgateway.internal.config;

import dev.llmgateway.cache.CachePartition;
import dev.llmgateway.cache.ResponseCache;
import java.time.Duration;
import java.util.Map;

/**
 * The response cache's configuration, as the builder collected it.
 *
 * @param store where answers are kept
 * @param defaultTtl the TTL of an answer whose alias and request set none
 * @param partition which part of the request context separates cached answers
 * @param cacheAllAliases whether requests with the default policy are cached for aliases (and
 *     models) without their own TTL
 * @param cacheSampled whether requests with the default policy and a temperature above 0 are cached
 * @param aliasTtls the TTL of each alias that set one; {@link Duration#ZERO} switches it off
 */
public record CacheSettings(
    ResponseCache store,
    Duration defaultTtl,
    CachePartition partition,
    boolean cacheAllAliases,
    boolean cacheSampled,
    Map<String, Duration> aliasTtls) {

  /**
   * Copies the map.
   *
   * @param store where answers are kept
   * @param defaultTtl the TTL of an answer whose alias and request set none
   * @param partition which part of the request context separates cached answers
   * @param cacheAllAliases whether requests with the default policy are cached for aliases (and
   *     models) without their own TTL
   * @param cacheSampled whether requests with the default policy and a temperature above 0 are
   *     cached
   * @param aliasTtls the TTL of each alias that set one; {@link Duration#ZERO} switches it off
   */
  public CacheSettings {
    aliasTtls = Map.copyOf(aliasTtls);
  }
}
