package dev.llmgateway.benchmarks;

import dev.llmgateway.ratelimit.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The baseline for {@link QuotaStoreBenchmark}: the in-memory quota store as it was before the
 * sub-bucket windows, a sliding-window log with one entry per admission for the whole window (about
 * 104 bytes each), kept here unchanged so that both run in the same JVM. It implements the older
 * {@code adjust(bucket, entry, amount)}, which the interface's four-argument form delegates to.
 */
final class LogQuotaStore implements QuotaStore {
  private final ConcurrentHashMap<String, Log> logs = new ConcurrentHashMap<>();

  @Override
  public Admission tryAcquire(
      String bucket, long limit, Duration window, long amount, Instant now) {
    Log log = logs.computeIfAbsent(bucket, b -> new Log());
    long nowNanos = nanos(now);
    long windowNanos = window.toNanos();
    log.lock.lock();
    try {
      // Entries keep insertion order; stamps never go backwards within a log.
      long stamp = Math.max(nowNanos, log.lastStamp);
      log.prune(stamp - windowNanos);
      if (amount > limit) {
        return new Admission(false, 0, now.plus(window));
      }
      if (log.sum + amount <= limit) {
        long id = ++log.nextId;
        log.entries.put(id, new long[] {stamp, amount});
        log.sum += amount;
        log.lastStamp = stamp;
        return new Admission(true, id, now);
      }
      long needed = log.sum + amount - limit;
      long freed = 0;
      long retry = stamp;
      for (long[] e : log.entries.values()) {
        freed += e[1];
        retry = e[0] + windowNanos;
        if (freed >= needed) {
          break;
        }
      }
      return new Admission(false, 0, instant(retry));
    } finally {
      log.lock.unlock();
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public void adjust(String bucket, long entry, long amount) {
    Log log = logs.get(bucket);
    if (log == null) {
      return;
    }
    log.lock.lock();
    try {
      long[] e = log.entries.get(entry);
      if (e != null) {
        log.sum += amount - e[1];
        e[1] = amount;
      }
    } finally {
      log.lock.unlock();
    }
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public String toString() {
    return "LogQuotaStore{buckets=" + logs.size() + "}";
  }

  private static final class Log {
    final ReentrantLock lock = new ReentrantLock();

    /** Entry id to {stamp, amount}, oldest first. */
    final LinkedHashMap<Long, long[]> entries = new LinkedHashMap<>();

    long sum;
    long nextId;
    long lastStamp = Long.MIN_VALUE;

    /** Drops entries stamped at or before {@code cutoff}: they left the window. */
    void prune(long cutoff) {
      Iterator<Map.Entry<Long, long[]>> it = entries.entrySet().iterator();
      while (it.hasNext()) {
        long[] e = it.next().getValue();
        if (e[0] > cutoff) {
          return;
        }
        sum -= e[1];
        it.remove();
      }
    }
  }
}
