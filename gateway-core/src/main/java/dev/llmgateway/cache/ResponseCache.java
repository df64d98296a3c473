package dev.llmgateway.cache;

import dev.llmgateway.model.ChatResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the response cache keeps answers: a key-value store with a time to live per entry. The
 * client computes the keys (a SHA-256 over the canonical request and its partition, as 64 hex
 * characters) and decides what to cache; a store only keeps and expires entries.
 *
 * <pre>{@code
 * GatewayClient.builder()
 *     .cache(c -> c.store(ResponseCache.inMemory(256L << 20)).defaultTtl(Duration.ofMinutes(10)))
 * }</pre>
 *
 * <p><b>Threads.</b> Implementations must be thread-safe: calls use the store concurrently. They
 * must be fast and must not throw; the client treats a throwing {@code get} as a miss and ignores a
 * throwing {@code put}.
 */
public interface ResponseCache {

  /**
   * The answer stored under a key, if it has not expired.
   *
   * @param key the cache key
   * @return the stored answer (with the route and cost of the call that produced it), or empty
   */
  Optional<ChatResponse> get(String key);

  /**
   * Stores an answer, replacing any stored under the same key.
   *
   * @param key the cache key
   * @param response the answer, with the route and cost of the call that produced it
   * @param ttl how long the entry lives; positive
   */
  void put(String key, ChatResponse response, Duration ttl);

  /**
   * Removes one entry, if present.
   *
   * @param key the cache key
   */
  void invalidate(String key);

  /** Removes every entry. */
  void invalidateAll();

  /**
   * An in-memory store (Caffeine) bounded by the approximate size of its answers in bytes, timed
   * with {@link System#nanoTime()}.
   *
   * @param maxBytes the most bytes the entries may take, approximately; positive
   * @return the store
   * @throws IllegalArgumentException if {@code maxBytes} is not positive
   */
  static ResponseCache inMemory(long maxBytes) {
    return new CaffeineResponseCache(maxBytes, System::nanoTime);
  }

  /**
   * An in-memory store (Caffeine) bounded by the approximate size of its answers in bytes, timed
   * with the given clock (for tests with a fake clock).
   *
   * @param maxBytes the most bytes the entries may take, approximately; positive
   * @param clock the clock that times the entries' TTLs
   * @return the store
   * @throws IllegalArgumentException if {@code maxBytes} is not positive
   * @throws NullPointerException if {@code clock} is null
   */
  static ResponseCache inMemory(long maxBytes, Clock clock) {
    java.util.Objects.requireNonNull(clock, "clock");
    return new CaffeineResponseCache(
        maxBytes,
        () -> {
          java.time.Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
  }
}
