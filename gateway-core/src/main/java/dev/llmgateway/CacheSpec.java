package dev.llmgateway;

import dev.llmgateway.cache.CachePartition;
import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.CacheSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures the response cache inside {@link
 * GatewayClient.Builder#cache(java.util.function.Consumer)}. Every setter checks its argument at
 * once and throws {@link ConfigurationException} with the value given.
 *
 * <pre>{@code
 * GatewayClient.builder()
 *     .cache(c -> c.maxBytes(64L << 20).defaultTtl(Duration.ofMinutes(30)))
 *     .alias("faq", a -> a.target("openai", "gpt-4o-mini").cacheTtl(Duration.ofHours(6)))
 * }</pre>
 *
 * <p><b>What is cached.</b> Chat and streamed chat calls (not embeddings), exact match, with no
 * provider called on a hit. Without {@code .cache(...)} on the builder nothing is cached, whatever
 * the requests ask. With it, a request is cached according to its {@link
 * dev.llmgateway.model.CachePolicy}:
 *
 * <ul>
 *   <li>{@code DISABLED} ({@code CachePolicy.NO_CACHE}, or {@code CachePolicy.ttl(Duration.ZERO)}):
 *       never read nor written.
 *   <li>{@code ENABLED} ({@code CachePolicy.ttl(d)}): always cached, whatever its temperature, for
 *       the request's TTL, else its alias's {@link AliasSpec#cacheTtl} if positive, else {@link
 *       #defaultTtl}.
 *   <li>{@code DEFAULT}: off when the request sets a temperature above 0 (unless {@link
 *       #cacheSampled(boolean)}); otherwise cached for its alias's {@link AliasSpec#cacheTtl} when
 *       the alias set one ({@link Duration#ZERO} switches the alias off), else for {@link
 *       #defaultTtl} if {@link #cacheAllAliases(boolean)}, else not cached. A request without a
 *       temperature counts as not sampled.
 * </ul>
 *
 * <p>The alias TTL is looked up by the model name as requested, before routing: a request that
 * addresses {@code provider/model} or reaches an alias through a rule uses the default.
 *
 * <p><b>The key</b> is a SHA-256 over a canonical JSON form of the request (object keys sorted at
 * every depth, so map order never matters): the model or alias as requested, every message (role,
 * name, tool call id, every text and image part, every tool call), temperature, topP, maxTokens,
 * stop, seed, tools (name, description, parameter schema, strict), toolChoice, responseFormat
 * (type, schema name, schema, strict), endUser, extraParams, and the partition (see {@link
 * #partition}). Left out, because they do not change the answer: the rest of the {@code
 * RequestContext} (user, tags, and tenant/team/feature beyond the partition), the {@code
 * CallOptions} (timeout, attempt cap, headers) and the {@code CachePolicy}. Numbers compare by
 * value ({@code 1}, {@code 1L} and {@code 1.0} are the same).
 *
 * <p><b>A hit</b> returns the stored answer with a route whose {@code cacheHit} is true, no
 * attempts and no key id, and a cost of zero ({@code Cost.reported(Money.ZERO)}); the cost it saved
 * (the stored answer's cost) goes to {@link GatewayEventListener#cacheHit}. A streamed hit replays
 * the answer as a stream. A streamed miss is stored once the caller has read the stream to its end.
 *
 * <p><b>Single flight.</b> Identical concurrent misses make one upstream call; the others wait for
 * it (within their own deadline and cancellation) and are served its answer as hits. If it fails,
 * they fail with the same exception; failures are never cached. If it is cancelled, or its stream
 * is closed or broken before its end, the waiters are not failed: they start over.
 *
 * <p>Not thread-safe; used only while the builder runs its configurer.
 */
public final class CacheSpec {
  /** The default bound on the in-memory store: 64 MiB of approximate answer size. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** The default time to live of a cached answer: one hour. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** The default partition: one per tenant. */
  public static final CachePartition DEFAULT_PARTITION = CachePartition.TENANT;

  /** By default only aliases with their own TTL (and requests that opt in) are cached. */
  public static final boolean DEFAULT_CACHE_ALL_ALIASES = false;

  /** By default requests with a temperature above 0 are not cached unless they opt in. */
  public static final boolean DEFAULT_CACHE_SAMPLED = false;

  private long maxBytes = DEFAULT_MAX_BYTES;
  private Duration defaultTtl = DEFAULT_TTL;
  private CachePartition partition = DEFAULT_PARTITION;
  private boolean cacheAllAliases = DEFAULT_CACHE_ALL_ALIASES;
  private boolean cacheSampled = DEFAULT_CACHE_SAMPLED;
  private @Nullable ResponseCache store;

  CacheSpec() {}

  /**
   * Bounds the built-in in-memory store by the approximate size of its answers (two bytes per
   * character of text, tool calls and ids, plus a fixed overhead per entry); the least valuable
   * entries are evicted beyond it. Ignored when {@link #store} is set. Defaults to {@link
   * #DEFAULT_MAX_BYTES}.
   *
   * @param maxBytes positive
   * @return this spec
   * @throws ConfigurationException if not positive
   */
  public CacheSpec maxBytes(long maxBytes) {
    if (maxBytes <= 0) {
      throw new ConfigurationException("cache maxBytes must be positive, was " + maxBytes);
    }
    this.maxBytes = maxBytes;
    return this;
  }

  /**
   * Sets the TTL of answers whose request and alias set none. Defaults to {@link #DEFAULT_TTL}.
   *
   * @param ttl positive
   * @return this spec
   * @throws ConfigurationException if null, zero or negative
   */
  public CacheSpec defaultTtl(Duration ttl) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new ConfigurationException("cache defaultTtl must be positive, was " + ttl);
    }
    this.defaultTtl = ttl;
    return this;
  }

  /**
   * Sets which part of the request context separates cached answers; its value is hashed into every
   * key. {@link CachePartition#GLOBAL} lets tenants share answers and must be chosen explicitly.
   * Defaults to {@link #DEFAULT_PARTITION}.
   *
   * @param partition the partition
   * @return this spec
   * @throws ConfigurationException if null
   */
  public CacheSpec partition(CachePartition partition) {
    if (partition == null) {
      throw new ConfigurationException("cache partition must not be null");
    }
    this.partition = partition;
    return this;
  }

  /**
   * Caches requests with the default policy for every alias and model without its own TTL, for
   * {@link #defaultTtl}. Defaults to {@link #DEFAULT_CACHE_ALL_ALIASES} (opt in per alias or per
   * request).
   *
   * @param enabled whether every alias is cached by default
   * @return this spec
   */
  public CacheSpec cacheAllAliases(boolean enabled) {
    this.cacheAllAliases = enabled;
    return this;
  }

  /**
   * Caches requests with the default policy even when they set a temperature above 0 (whose answers
   * would otherwise vary). Defaults to {@link #DEFAULT_CACHE_SAMPLED}.
   *
   * @param enabled whether sampled requests are cached by default
   * @return this spec
   */
  public CacheSpec cacheSampled(boolean enabled) {
    this.cacheSampled = enabled;
    return this;
  }

  /**
   * Keeps answers in the given store instead of the built-in in-memory one (a shared store, or an
   * in-memory one with other settings). Defaults to {@link ResponseCache#inMemory(long, Clock)}
   * with {@link #maxBytes} and the client's clock.
   *
   * @param store the store
   * @return this spec
   * @throws ConfigurationException if null
   */
  public CacheSpec store(ResponseCache store) {
    if (store == null) {
      throw new ConfigurationException("cache store must not be null");
    }
    this.store = store;
    return this;
  }

  /** The store set, or null for the default in-memory one. */
  @Nullable ResponseCache storeOrNull() {
    return store;
  }

  /** A copy with the same values and store. */
  CacheSpec copy() {
    CacheSpec c = new CacheSpec();
    c.maxBytes = maxBytes;
    c.defaultTtl = defaultTtl;
    c.partition = partition;
    c.cacheAllAliases = cacheAllAliases;
    c.cacheSampled = cacheSampled;
    c.store = store;
    return c;
  }

  CacheSettings toSettings(@Nullable Clock clock, Map<String, Duration> aliasTtls) {
    ResponseCache s = store;
    if (s == null) {
      s =
          clock == null
              ? ResponseCache.inMemory(maxBytes)
              : ResponseCache.inMemory(maxBytes, clock);
    }
    return new CacheSettings(s, defaultTtl, partition, cacheAllAliases, cacheSampled, aliasTtls);
  }

  @Override
  public String toString() {
    return "CacheSpec{maxBytes="
        + maxBytes
        + ", defaultTtl="
        + defaultTtl
        + ", partition="
        + partition
        + ", cacheAllAliases="
        + cacheAllAliases
        + ", cacheSampled="
        + cacheSampled
        + (store == null ? "" : ", store=" + store)
        + "}";
  }
}
