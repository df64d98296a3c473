package dev.llmgateway.redis;

import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.config.SharedStores;
import dev.llmgateway.config.StoreSettings;
import dev.llmgateway.config.StoreSettings.FailurePolicy;
import dev.llmgateway.config.StoreSettings.Shared;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.ratelimit.QuotaStore;
import dev.llmgateway.routing.KeyStateStore;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The state many app instances share, on one Redis: a budget ledger with leases, a quota store, key
 * cooldowns and disabled keys, and a second response-cache tier. One {@code RedisStores} holds one
 * Lettuce client with one shared, thread-safe connection; make one per application and hand its
 * stores to the client's builder.
 *
 * <pre>{@code
 * RedisStores redis = RedisStores.builder("rediss://redis.internal:6379/0")
 *     .password(Secret.env("REDIS_PASSWORD"))
 *     .failurePolicy(Shared.BUDGETS, FailurePolicy.FAIL_CLOSED)
 *     .build();
 * GatewayClient gateway = GatewayClient.builder()
 *     .budgetLedger(redis.ledger(GatewayClient.DEFAULT_BUDGET_ZONE))
 *     .quotaStore(redis.quotas())
 *     .keyStateStore(redis.keyStates())
 *     .cache(c -> c.store(redis.cache(ResponseCache.inMemory(64L << 20))))
 *     // providers, aliases, budgets...
 *     .build();
 * }</pre>
 *
 * <p>Every command is bounded by the command timeout; while Redis is unreachable a store either
 * goes on in this instance's memory ({@link FailurePolicy#FAIL_LOCAL}, the default: the {@link
 * RedisStoreListener} hears it and {@link #fallbacks} counts it) or refuses with {@link
 * RedisUnavailableException} ({@link FailurePolicy#FAIL_CLOSED}). Lettuce reconnects in the
 * background and calls use Redis again once it answers. {@link #close()} closes the connection;
 * close it after the clients that use it. Thread-safe.
 */
public final class RedisStores implements SharedStores, AutoCloseable {
  /** The default retry interval: how long after a failure Redis is left alone. */
  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

  /** The default size from which cached answers are compressed: 1 KiB of JSON. */
  public static final int DEFAULT_COMPRESS_ABOVE_BYTES = 1024;

  /** The default bound on one cached answer in Redis: 1 MiB; larger ones stay local. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;

  private final Redis redis;
  private final Builder settings;
  private final Map<Shared, Guard> guards = new EnumMap<>(Shared.class);
  private final Map<ZoneId, RedisBudgetLedger> ledgers = new ConcurrentHashMap<>();
  private final String instance = UUID.randomUUID().toString().substring(0, 8);
  private volatile @Nullable RedisQuotaStore quotas;
  private volatile @Nullable RedisKeyStateStore keys;

  private RedisStores(Builder b) {
    this.settings = b;
    this.redis = Redis.connect(b.uri, b.password, b.commandTimeout, b.cluster);
    for (Shared s : Shared.values()) {
      FailurePolicy p = s == Shared.CACHE ? FailurePolicy.FAIL_LOCAL : b.policies.get(s);
      guards.put(s, new Guard(s, p, b.commandTimeout, b.retryInterval, b.listener, redis.server()));
    }
  }

  /**
   * Starts a builder.
   *
   * @param uri the Redis URI: {@code redis://host:port/db}, {@code rediss://} for TLS, {@code
   *     redis-sentinel://host:26379/0#mymaster} for a sentinel set; without a password (see {@link
   *     Builder#password})
   * @return the builder
   * @throws ConfigurationException if the URI is blank or carries a password
   */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  /**
   * Stores from a configuration file's {@code stores} section.
   *
   * @param s the settings
   * @return the connected stores
   * @throws ConfigurationException if Redis cannot be reached
   */
  static RedisStores of(StoreSettings s) {
    Builder b =
        builder(s.uri())
            .commandTimeout(s.commandTimeout())
            .failurePolicy(s.failurePolicy())
            .leaseDuration(s.leaseDuration())
            .keyPrefix(s.keyPrefix())
            .cluster(s.cluster())
            .share(s.share());
    if (s.password() != null) {
      b.password(s.password());
    }
    return b.build();
  }

  private void checkShared(Shared s) {
    if (!settings.share.contains(s)) {
      throw new IllegalStateException(
          s + " is not shared by these RedisStores (share: " + settings.share + ")");
    }
  }

  /**
   * The budget ledger on Redis (one per zone, made on first use).
   *
   * @param zone the zone whose midnight starts daily and monthly windows; give the client's {@code
   *     budgetZone}
   * @return the ledger
   * @throws IllegalStateException if budgets are not {@linkplain Builder#share shared}
   */
  public BudgetLedger ledger(ZoneId zone) {
    checkShared(Shared.BUDGETS);
    return ledgers.computeIfAbsent(
        zone,
        z ->
            new RedisBudgetLedger(
                redis,
                guards.get(Shared.BUDGETS),
                z,
                settings.keyPrefix,
                settings.leaseDuration,
                instance));
  }

  /**
   * The quota store on Redis.
   *
   * @return the store
   * @throws IllegalStateException if quotas are not {@linkplain Builder#share shared}
   */
  public QuotaStore quotas() {
    checkShared(Shared.QUOTAS);
    RedisQuotaStore q = quotas;
    if (q == null) {
      synchronized (this) {
        q = quotas;
        if (q == null) {
          q = new RedisQuotaStore(redis, guards.get(Shared.QUOTAS), settings.keyPrefix);
          quotas = q;
        }
      }
    }
    return q;
  }

  /**
   * Key cooldowns and disabled keys on Redis, read from a local mirror kept current by publish and
   * subscribe.
   *
   * @return the store
   * @throws IllegalStateException if key state is not {@linkplain Builder#share shared}
   */
  public KeyStateStore keyStates() {
    checkShared(Shared.KEY_STATE);
    RedisKeyStateStore k = keys;
    if (k == null) {
      synchronized (this) {
        k = keys;
        if (k == null) {
          k =
              new RedisKeyStateStore(
                  redis, guards.get(Shared.KEY_STATE), settings.keyPrefix, settings.commandTimeout);
          keys = k;
        }
      }
    }
    return k;
  }

  /**
   * A response cache with Redis as the second tier behind {@code local}.
   *
   * @param local this instance's in-memory tier, such as {@code ResponseCache.inMemory(64L << 20)}
   * @return the two-tier cache
   * @throws IllegalStateException if the cache is not {@linkplain Builder#share shared}
   */
  public ResponseCache cache(ResponseCache local) {
    checkShared(Shared.CACHE);
    if (local == null) {
      throw new IllegalArgumentException("local cache tier must not be null");
    }
    return new RedisResponseCache(
        local,
        redis,
        guards.get(Shared.CACHE),
        settings.keyPrefix,
        settings.compressAboveBytes,
        settings.maxValueBytes);
  }

  @Override
  public Optional<BudgetLedger> budgetLedger(ZoneId zone) {
    return settings.share.contains(Shared.BUDGETS) ? Optional.of(ledger(zone)) : Optional.empty();
  }

  @Override
  public Optional<QuotaStore> quotaStore() {
    return settings.share.contains(Shared.QUOTAS) ? Optional.of(quotas()) : Optional.empty();
  }

  @Override
  public Optional<ResponseCache> responseCache(ResponseCache local) {
    return settings.share.contains(Shared.CACHE) ? Optional.of(cache(local)) : Optional.empty();
  }

  @Override
  public Optional<KeyStateStore> keyStateStore() {
    return settings.share.contains(Shared.KEY_STATE) ? Optional.of(keyStates()) : Optional.empty();
  }

  /**
   * How many operations of a store ran in memory because Redis was unreachable ({@code
   * FAIL_LOCAL}): the metric to export.
   *
   * @param store the store
   * @return the count since start
   */
  public long fallbacks(Shared store) {
    return guards.get(store).fallbacks();
  }

  /**
   * How many Redis commands of a store failed or timed out.
   *
   * @param store the store
   * @return the count since start
   */
  public long failures(Shared store) {
    return guards.get(store).failures();
  }

  /**
   * How many calls a store refused because Redis was unreachable ({@code FAIL_CLOSED}).
   *
   * @param store the store
   * @return the count since start
   */
  public long refusals(Shared store) {
    return guards.get(store).refusals();
  }

  /**
   * Whether a store's last Redis command succeeded.
   *
   * @param store the store
   * @return {@code false} during an outage
   */
  public boolean available(Shared store) {
    return guards.get(store).available();
  }

  /** Closes the subscription, the connection and the client's threads. */
  @Override
  public void close() {
    RedisKeyStateStore k = keys;
    if (k != null) {
      k.close();
    }
    redis.close();
  }

  @Override
  public String toString() {
    return "RedisStores{server=" + redis.server() + ", share=" + settings.share + "}";
  }

  /** Builds {@link RedisStores}; setters validate at once. Not thread-safe. */
  public static final class Builder {
    private final String uri;
    private @Nullable Secret password;
    private Duration commandTimeout = StoreSettings.DEFAULT_COMMAND_TIMEOUT;
    private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
    private Duration leaseDuration = StoreSettings.DEFAULT_LEASE_DURATION;
    private String keyPrefix = StoreSettings.DEFAULT_KEY_PREFIX;
    private final Map<Shared, FailurePolicy> policies = new EnumMap<>(Shared.class);
    private Set<Shared> share = EnumSet.allOf(Shared.class);
    private boolean cluster;
    private RedisStoreListener listener = RedisStoreListener.NONE;
    private int compressAboveBytes = DEFAULT_COMPRESS_ABOVE_BYTES;
    private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;

    private Builder(String uri) {
      if (uri == null || uri.isBlank()) {
        throw new ConfigurationException("Redis URI must not be blank");
      }
      int at = uri.indexOf('@');
      int scheme = uri.indexOf("://");
      if (at > 0 && scheme > 0 && at > scheme && uri.lastIndexOf(':', at) > scheme + 2) {
        throw new ConfigurationException(
            "Redis URI must not carry a password; give it with password(Secret)");
      }
      this.uri = uri;
      failurePolicy(StoreSettings.DEFAULT_FAILURE_POLICY);
    }

    /**
     * Sets the password (resolved on each connection, so a rotated secret is picked up on
     * reconnect). Defaults to none.
     *
     * @param password the password, such as {@code Secret.env("REDIS_PASSWORD")}
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder password(Secret password) {
      if (password == null) {
        throw new ConfigurationException("Redis password must not be null");
      }
      this.password = password;
      return this;
    }

    /**
     * Sets how long one command may take before it counts as failed; no call waits longer on Redis.
     * Defaults to {@link StoreSettings#DEFAULT_COMMAND_TIMEOUT}.
     *
     * @param timeout positive
     * @return this builder
     * @throws ConfigurationException if not positive
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = positive(timeout, "commandTimeout");
      return this;
    }

    /**
     * Sets how long after a failure calls go straight to the failure policy without asking Redis.
     * Defaults to {@link #DEFAULT_RETRY_INTERVAL}.
     *
     * @param interval positive
     * @return this builder
     * @throws ConfigurationException if not positive
     */
    public Builder retryInterval(Duration interval) {
      this.retryInterval = positive(interval, "retryInterval");
      return this;
    }

    /**
     * Sets how long a budget reservation lives: longer than the longest call (its deadline), since
     * a reservation whose lease expired returns its amount to the budget while the call may still
     * spend it. A reservation of an instance that died holds its amount this long. Defaults to
     * {@link StoreSettings#DEFAULT_LEASE_DURATION}.
     *
     * @param lease positive
     * @return this builder
     * @throws ConfigurationException if not positive
     */
    public Builder leaseDuration(Duration lease) {
      this.leaseDuration = positive(lease, "leaseDuration");
      return this;
    }

    /**
     * Sets the prefix of every key (separate applications on one Redis use separate prefixes).
     * Defaults to {@link StoreSettings#DEFAULT_KEY_PREFIX}.
     *
     * @param prefix the prefix, possibly empty
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder keyPrefix(String prefix) {
      if (prefix == null) {
        throw new ConfigurationException("keyPrefix must not be null");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * Sets the failure policy of every store. The cache always goes on locally (a cache never
     * refuses a call). Defaults to {@link StoreSettings#DEFAULT_FAILURE_POLICY}.
     *
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder failurePolicy(FailurePolicy policy) {
      for (Shared s : Shared.values()) {
        failurePolicy(s, policy);
      }
      return this;
    }

    /**
     * Sets one store's failure policy.
     *
     * @param store the store
     * @param policy the policy
     * @return this builder
     * @throws ConfigurationException if either is null
     */
    public Builder failurePolicy(Shared store, FailurePolicy policy) {
      if (store == null || policy == null) {
        throw new ConfigurationException("failurePolicy store and policy must not be null");
      }
      policies.put(store, policy);
      return this;
    }

    /**
     * Sets which state is shared; asking for a store not shared throws. Defaults to all.
     *
     * @param shared the shared stores
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder share(Set<Shared> shared) {
      if (shared == null) {
        throw new ConfigurationException("share must not be null");
      }
      this.share = shared.isEmpty() ? EnumSet.noneOf(Shared.class) : EnumSet.copyOf(shared);
      return this;
    }

    /**
     * Sets whether the URI names a Redis Cluster (Lettuce's cluster client). Defaults to false.
     *
     * @param cluster whether it does
     * @return this builder
     */
    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    /**
     * Sets who hears outages and recoveries. Defaults to {@link RedisStoreListener#NONE}.
     *
     * @param listener the listener
     * @return this builder
     * @throws ConfigurationException if null
     */
    public Builder listener(RedisStoreListener listener) {
      if (listener == null) {
        throw new ConfigurationException("listener must not be null");
      }
      this.listener = listener;
      return this;
    }

    /**
     * Sets the size of an answer's JSON from which it is compressed in Redis. Defaults to {@link
     * #DEFAULT_COMPRESS_ABOVE_BYTES}.
     *
     * @param bytes zero or more
     * @return this builder
     * @throws ConfigurationException if negative
     */
    public Builder compressAboveBytes(int bytes) {
      if (bytes < 0) {
        throw new ConfigurationException("compressAboveBytes must be zero or more, was " + bytes);
      }
      this.compressAboveBytes = bytes;
      return this;
    }

    /**
     * Sets the largest answer (as stored, after compression) written to Redis; larger ones stay in
     * the local tier. Defaults to {@link #DEFAULT_MAX_VALUE_BYTES}.
     *
     * @param bytes positive
     * @return this builder
     * @throws ConfigurationException if not positive
     */
    public Builder maxValueBytes(int bytes) {
      if (bytes <= 0) {
        throw new ConfigurationException("maxValueBytes must be positive, was " + bytes);
      }
      this.maxValueBytes = bytes;
      return this;
    }

    /**
     * Connects and returns the stores.
     *
     * @return the stores; close them when the application stops
     * @throws ConfigurationException if the URI is malformed or Redis cannot be reached
     */
    public RedisStores build() {
      return new RedisStores(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new ConfigurationException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
