package dev.llmgateway.redis;

import dev.llmgateway.ratelimit.QuotaStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Quota windows on Redis: per bucket one hash holding a sliding window of sub-buckets, as the
 * in-memory store counts (60 sub-buckets for windows up to an hour, 1,440 beyond), changed by one
 * Lua script per admission or adjustment. Sub-buckets are counted from the epoch rather than from
 * the bucket's first admission, so every instance cuts the window alike: an amount counts until the
 * end of its sub-bucket plus the window, at most one sub-bucket (1 s of a minute, 1 min of a day)
 * longer than an exact log would keep it. Memory per bucket is bounded by the sub-bucket count
 * (plus three fields), never by the traffic, and a bucket idle for its window plus one sub-bucket
 * expires. Windows follow the {@code now} the client passes in, so instances' clocks should agree
 * (NTP); an instance whose clock is behind counts into the oldest sub-bucket kept.
 *
 * <p>Entries admitted on Redis have negative ids ({@code -(index + 1)}); entries admitted by the
 * in-memory fallback keep their positive ids, so an adjustment goes where its admission was made.
 * Thread-safe.
 */
final class RedisQuotaStore implements QuotaStore {
  private final Redis redis;
  private final Guard guard;
  private final QuotaStore local = QuotaStore.inMemory();
  private final String prefix;

  RedisQuotaStore(Redis redis, Guard guard, String prefix) {
    this.redis = redis;
    this.guard = guard;
    this.prefix = prefix + "quota:";
  }

  /** A window's sub-bucket length, as the in-memory store cuts it. */
  static long subBucketNanos(long windowNanos) {
    int n = windowNanos <= Duration.ofHours(1).toNanos() ? 60 : 1440;
    return Math.max(1, windowNanos / n);
  }

  @Override
  public Admission tryAcquire(
      String bucket, long limit, Duration window, long amount, Instant now) {
    long windowNanos = window.toNanos();
    if (amount > limit) {
      return new Admission(false, 0, now.plus(window));
    }
    long sub = subBucketNanos(windowNanos);
    long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long k = -Math.floorDiv(-t, sub);
    long first = Math.floorDiv(t - windowNanos, sub) + 1;
    long idleMillis = Math.max(1, (windowNanos + sub + 999_999) / 1_000_000);
    Object answer =
        guard.call(
            () ->
                redis
                    .<List<Object>>eval(
                        Script.QUOTA_ACQUIRE,
                        ScriptOutputType.MULTI,
                        new String[] {prefix + bucket},
                        Redis.arg(limit),
                        Redis.arg(amount),
                        Redis.arg(k),
                        Redis.arg(first),
                        Redis.arg(idleMillis),
                        Redis.arg(windowNanos))
                    .thenApply(r -> (Object) r),
            () -> local.tryAcquire(bucket, limit, window, amount, now));
    if (answer instanceof Admission inMemory) {
      return inMemory;
    }
    List<?> r = (List<?>) answer;
    long index = (Long) r.get(1);
    if ((Long) r.get(0) == 1) {
      return new Admission(true, -(index + 1), now);
    }
    long retry = Math.multiplyExact(index, sub) + windowNanos;
    Instant retryAt =
        Instant.ofEpochSecond(
            Math.floorDiv(retry, 1_000_000_000L), Math.floorMod(retry, 1_000_000_000L));
    return new Admission(false, 0, retryAt.isBefore(now) ? now : retryAt);
  }

  @Override
  public void adjust(String bucket, long entry, long admitted, long amount) {
    if (entry >= 0) {
      local.adjust(bucket, entry, admitted, amount);
      return;
    }
    long index = -entry - 1;
    guard.always(
        () ->
            redis.<Long>eval(
                Script.QUOTA_ADJUST,
                ScriptOutputType.INTEGER,
                new String[] {prefix + bucket},
                Redis.arg(index),
                Redis.arg(admitted),
                Redis.arg(amount)),
        () -> 0L);
  }

  @Override
  public String toString() {
    return "RedisQuotaStore{server=" + redis.server() + "}";
  }
}
