package dev.llmgateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sliding windows of fixed sub-buckets ({@link SlidingWindow}) in memory, one per bucket, each
 * guarded by its own monitor, never held while calling other code.
 *
 * <p><b>Idle buckets.</b> A bucket unused for its window plus one sub-bucket (61 s for a per-minute
 * limit, one day and one minute for a per-day limit) counts nothing any more and is evicted
 * (Caffeine, expiring after access). Eviction is lossless: every sub-bucket of an evicted bucket
 * has left its window, so a reservation still open on it would adjust nothing anyway, and a bucket
 * created again for the same scope starts empty, as the old one would have been. Time for the
 * eviction is the latest {@code now} the client passed in (its clock), so windows and idle time
 * always read the same clock.
 */
final class InMemoryQuotaStore implements QuotaStore {
  /** The latest {@code now} seen, in epoch nanoseconds: Caffeine's ticker. */
  private final AtomicLong ticks = new AtomicLong();

  private final Cache<String, SlidingWindow> buckets =
      Caffeine.newBuilder()
          .executor(Runnable::run)
          .ticker(ticks::get)
          .expireAfter(new IdleExpiry())
          .build();

  @Override
  public Admission tryAcquire(
      String bucket, long limit, Duration window, long amount, Instant now) {
    long t = SlidingWindow.nanos(now);
    advance(t);
    long windowNanos = window.toNanos();
    SlidingWindow w = buckets.getIfPresent(bucket); // no capturing lambda once the bucket exists
    if (w == null) {
      w = buckets.get(bucket, b -> new SlidingWindow(windowNanos, t));
    }
    if (w.windowNanos() != windowNanos) {
      // The same bucket id with another window: start it afresh under the new length.
      w =
          buckets
              .asMap()
              .compute(
                  bucket,
                  (b, old) ->
                      old != null && old.windowNanos() == windowNanos
                          ? old
                          : new SlidingWindow(windowNanos, t));
    }
    synchronized (w) {
      return w.tryAcquire(limit, amount, t, now);
    }
  }

  @Override
  public void adjust(String bucket, long entry, long admitted, long amount) {
    SlidingWindow w = buckets.getIfPresent(bucket);
    if (w == null) {
      return;
    }
    synchronized (w) {
      w.adjust(entry, admitted, amount);
    }
  }

  private void advance(long t) {
    long seen = ticks.get();
    while (t > seen && !ticks.compareAndSet(seen, t)) {
      seen = ticks.get();
    }
  }

  /**
   * Runs Caffeine's pending maintenance until it evicts nothing more: every bucket idle at the
   * latest time seen is gone. (One maintenance run expires a bounded batch; traffic runs it often
   * enough to keep up.)
   */
  void cleanUp() {
    long before;
    do {
      before = buckets.estimatedSize();
      buckets.cleanUp();
    } while (buckets.estimatedSize() < before);
  }

  /** The buckets held (after {@link #cleanUp()}, exactly). */
  long bucketCount() {
    return buckets.estimatedSize();
  }

  /** The sub-bucket slots allocated over every bucket: what the windows' memory is made of. */
  long subBucketSlots() {
    long slots = 0;
    for (SlidingWindow w : buckets.asMap().values()) {
      synchronized (w) {
        slots += w.capacity();
      }
    }
    return slots;
  }

  @Override
  public String toString() {
    return "QuotaStore.inMemory{buckets=" + buckets.estimatedSize() + "}";
  }

  /** Expires a bucket once it has been unused for its window plus one sub-bucket. */
  private static final class IdleExpiry implements Expiry<String, SlidingWindow> {
    @Override
    public long expireAfterCreate(String key, SlidingWindow value, long currentTime) {
      return value.idleNanos();
    }

    @Override
    public long expireAfterUpdate(
        String key, SlidingWindow value, long currentTime, long currentDuration) {
      return value.idleNanos();
    }

    @Override
    public long expireAfterRead(
        String key, SlidingWindow value, long currentTime, long currentDuration) {
      return value.idleNanos();
    }
  }
}
