package dev.llmgateway.redis;

import dev.llmgateway.config.SharedStores;
import dev.llmgateway.config.StoreFactory;
import dev.llmgateway.config.StoreSettings;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link StoreFactory} of {@code redis://}, {@code rediss://} and {@code redis-sentinel://}
 * URIs, found through {@link java.util.ServiceLoader} when a configuration file has a {@code
 * stores} section. Equal settings get the same {@link RedisStores} (a reload of the file opens no
 * new connection); those stores live until the JVM exits (their threads are daemons). Applications
 * that want to close them build {@link RedisStores} in code instead. Thread-safe.
 */
public final class RedisStoreFactory implements StoreFactory {
  private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-sentinel");
  private static final Map<StoreSettings, RedisStores> OPEN = new ConcurrentHashMap<>();

  /** Creates the factory (by {@link java.util.ServiceLoader}). */
  public RedisStoreFactory() {}

  @Override
  public boolean supports(String scheme) {
    return SCHEMES.contains(scheme);
  }

  @Override
  public SharedStores create(StoreSettings settings) {
    return OPEN.computeIfAbsent(settings, RedisStores::of);
  }
}
