package dev.llmgateway.redis;

import dev.llmgateway.config.SharedStores;
import dev.llmgateway.config.StoreFactory;
import dev.llmgateway.config.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
  private static final Map<Key, RedisStores> OPEN = new ConcurrentHashMap<>();

  /**
   * What makes two sections the same stores: the settings without the password (a {@code Secret}
   * has no equality), and a digest of the password's value (never the value itself).
   */
  private record Key(StoreSettings settings, String passwordDigest) {
    static Key of(StoreSettings s) {
      StoreSettings without =
          new StoreSettings(
              s.uri(),
              null,
              s.commandTimeout(),
              s.failurePolicy(),
              s.leaseDuration(),
              s.keyPrefix(),
              s.share(),
              s.cluster(),
              s.budgetZone());
      String digest = "";
      if (s.password() != null) {
        try {
          byte[] d =
              MessageDigest.getInstance("SHA-256")
                  .digest(s.password().reveal().getBytes(StandardCharsets.UTF_8));
          digest = HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
      }
      return new Key(without, digest);
    }
  }

  /** Creates the factory (by {@link java.util.ServiceLoader}). */
  public RedisStoreFactory() {}

  @Override
  public boolean supports(String scheme) {
    return SCHEMES.contains(scheme);
  }

  @Override
  public SharedStores create(StoreSettings settings) {
    return OPEN.computeIfAbsent(Key.of(settings), k -> RedisStores.of(settings));
  }
}
