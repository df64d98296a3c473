package dev.llmgateway.redis;

import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.model.ChatResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache in two tiers: this instance's in-memory cache first, Redis second. A hit in
 * Redis fills the local tier for the entry's remaining time to live; a put writes both (Redis
 * without waiting). The keys are the client's (a SHA-256 over the canonical request and its
 * partition, so the tenant partition holds across instances); values larger than the size bound are
 * kept only locally, values from the compression threshold up are gzip-compressed. When Redis fails
 * or is slow, a lookup is a local miss and a write stays local, whatever the failure policy: a
 * cache never refuses a call. Identical concurrent misses on different instances each call the
 * provider (the local tier's single flight is per instance). Thread-safe.
 */
final class RedisResponseCache implements ResponseCache {
  private static final Logger log = LoggerFactory.getLogger(RedisResponseCache.class);

  private final ResponseCache local;
  private final Redis redis;
  private final Guard guard;
  private final String prefix;
  private final ResponseCodec codec;
  private final int maxValueBytes;

  RedisResponseCache(
      ResponseCache local,
      Redis redis,
      Guard guard,
      String prefix,
      int compressAbove,
      int maxValueBytes) {
    this.local = local;
    this.redis = redis;
    this.guard = guard;
    this.prefix = prefix + "cache:";
    this.codec = new ResponseCodec(compressAbove);
    this.maxValueBytes = maxValueBytes;
  }

  /** A value and its remaining time to live in milliseconds, read in one round trip. */
  private record Stored(byte @Nullable [] value, long ttlMillis) {}

  @Override
  public Optional<ChatResponse> get(String key) {
    Optional<ChatResponse> hit = local.get(key);
    if (hit.isPresent()) {
      return hit;
    }
    if (guard.resting()) {
      guard.countFallback();
      return Optional.empty();
    }
    Stored s;
    try {
      s = guard.call(() -> read(prefix + key), () -> new Stored(null, 0));
    } catch (RedisUnavailableException e) {
      return Optional.empty();
    }
    if (s.value() == null || s.ttlMillis() <= 0) {
      return Optional.empty();
    }
    ChatResponse r;
    try {
      r = codec.decode(s.value());
    } catch (RuntimeException e) {
      log.warn(
          "Cached answer {} in Redis cannot be read; treated as a miss: {}", key, e.toString());
      return Optional.empty();
    }
    local.put(key, r, Duration.ofMillis(s.ttlMillis()));
    return Optional.of(r);
  }

  private CompletableFuture<Stored> read(String k) {
    // Both commands go out on the shared connection before either answer: one round trip.
    CompletableFuture<byte[]> value = redis.commands().get(k).toCompletableFuture();
    CompletableFuture<Long> ttl = redis.commands().pttl(k).toCompletableFuture();
    return value.thenCombine(ttl, Stored::new);
  }

  @Override
  public void put(String key, ChatResponse response, Duration ttl) {
    local.put(key, response, ttl);
    if (ttl.isZero() || ttl.isNegative() || guard.resting()) {
      return;
    }
    byte[] bytes;
    try {
      bytes = codec.encode(response);
    } catch (RuntimeException e) {
      log.warn("Answer for {} cannot be encoded for Redis; kept locally: {}", key, e.toString());
      return;
    }
    if (bytes.length > maxValueBytes) {
      log.debug(
          "Answer for {} is {} bytes, over {}; kept locally", key, bytes.length, maxValueBytes);
      return;
    }
    long millis = Math.max(1, ttl.toMillis());
    guard.observe(
        redis
            .commands()
            .set(prefix + key, bytes, io.lettuce.core.SetArgs.Builder.px(millis))
            .toCompletableFuture());
  }

  @Override
  public void invalidate(String key) {
    local.invalidate(key);
    guard.observe(redis.commands().unlink(prefix + key).toCompletableFuture());
  }

  /**
   * Removes every entry of the local tier, and every entry under this cache's prefix in Redis (a
   * scan, in the background).
   */
  @Override
  public void invalidateAll() {
    local.invalidateAll();
    CompletableFuture.runAsync(this::unlinkAll);
  }

  private void unlinkAll() {
    io.lettuce.core.ScanArgs match =
        io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(500);
    try {
      io.lettuce.core.KeyScanCursor<String> cursor = redis.commands().scan(match).get();
      while (true) {
        List<String> keys = cursor.getKeys();
        if (!keys.isEmpty()) {
          redis.commands().unlink(keys.toArray(new String[0])).get();
        }
        if (cursor.isFinished()) {
          return;
        }
        cursor = redis.commands().scan(cursor, match).get();
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("Clearing the Redis cache tier failed: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    return "RedisResponseCache{local=" + local + ", server=" + redis.server() + "}";
  }
}
