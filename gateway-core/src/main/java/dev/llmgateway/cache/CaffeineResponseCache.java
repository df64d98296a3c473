package dev.llmgateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.ToolCall;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The in-memory store: a Caffeine cache weighed by the approximate size of each answer, with a
 * variable expiry (each entry keeps the TTL it was put with).
 */
final class CaffeineResponseCache implements ResponseCache {
  /** What an entry costs besides its strings: key, records, lists, Caffeine node. */
  static final int ENTRY_OVERHEAD_BYTES = 512;

  private final Cache<String, Entry> cache;

  CaffeineResponseCache(long maxBytes, LongSupplier nanos) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((String k, Entry e) -> e.weight)
            .expireAfter(new PerEntryTtl())
            .ticker(nanos::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Optional<ChatResponse> get(String key) {
    Entry e = cache.getIfPresent(key);
    return e == null ? Optional.empty() : Optional.of(e.response);
  }

  @Override
  public void put(String key, ChatResponse response, Duration ttl) {
    if (ttl.isZero() || ttl.isNegative()) {
      return;
    }
    cache.put(key, new Entry(response, saturatedNanos(ttl), weigh(key, response)));
  }

  @Override
  public void invalidate(String key) {
    cache.invalidate(key);
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  /** The approximate heap size of an entry: two bytes per character plus a fixed overhead. */
  static int weigh(String key, ChatResponse r) {
    long chars = key.length() + r.id().length() + r.provider().length() + r.model().length();
    for (ContentPart p : r.content()) {
      if (p instanceof ContentPart.Text t) {
        chars += t.text().length();
      } else if (p instanceof ContentPart.Image i) {
        chars += length(i.url()) + length(i.base64Data()) + length(i.mediaType());
      }
    }
    for (ToolCall c : r.toolCalls()) {
      chars += c.id().length() + c.name().length() + c.argumentsJson().length();
    }
    return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD_BYTES + 2 * chars);
  }

  private static int length(@org.jspecify.annotations.Nullable String s) {
    return s == null ? 0 : s.length();
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "ResponseCache.inMemory{entries=" + cache.estimatedSize() + "}";
  }

  private static final class Entry {
    final ChatResponse response;
    final long ttlNanos;
    final int weight;

    Entry(ChatResponse response, long ttlNanos, int weight) {
      this.response = response;
      this.ttlNanos = ttlNanos;
      this.weight = weight;
    }
  }

  private static final class PerEntryTtl implements Expiry<String, Entry> {
    @Override
    public long expireAfterCreate(String key, Entry value, long currentTime) {
      return value.ttlNanos;
    }

    @Override
    public long expireAfterUpdate(String key, Entry value, long currentTime, long currentDuration) {
      return value.ttlNanos;
    }

    @Override
    public long expireAfterRead(String key, Entry value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
