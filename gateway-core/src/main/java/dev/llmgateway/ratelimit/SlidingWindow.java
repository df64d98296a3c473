package dev.llmgateway.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * The quota algorithm: a sliding window of fixed sub-buckets for one bucket (a scope and a limit),
 * in memory set by the window's length and never by its traffic. A shared store (Redis) counts the
 * same way so that every store admits alike.
 *
 * <p><b>Sub-buckets.</b> A window of up to one hour is cut into {@value #SHORT_SUB_BUCKETS}
 * sub-buckets (one second each for a minute); a longer one into {@value #LONG_SUB_BUCKETS} (one
 * minute each for a day). Sub-bucket {@code k} covers the instants {@code (origin + (k - 1) * g,
 * origin + k * g]}, where {@code g} is the sub-bucket length and {@code origin} the instant the
 * bucket was created (its first admission). Only sub-buckets that hold something are kept, oldest
 * first, so a bucket holds at most {@code ceil(window / g) + 1} of them (61 for a minute, 1,441 for
 * a day) and one that saw a single call holds one.
 *
 * <p><b>Error bound.</b> An amount admitted at {@code t} counts until its sub-bucket's end plus the
 * window, an instant in {@code [t + window, t + window + g)}: exactly {@code t + window} when
 * {@code t - origin} is a multiple of {@code g}, at most one sub-bucket later otherwise. So the
 * limit holds in every sliding window (it is never exceeded), capacity returns at most one
 * sub-bucket (1 s per minute window, 1 min per day window) later than with an exact log of
 * admissions, and a refusal's {@code retryAt} is exactly the instant the window will have room.
 *
 * <p><b>Cost.</b> Admission is O(1): a running total, and sub-buckets that left the window are
 * dropped lazily from the front as time advances (each is added and dropped once). A refusal walks
 * at most the kept sub-buckets to find {@code retryAt}; an adjustment finds its sub-bucket by
 * binary search over them.
 *
 * <p>Not thread-safe: the store holds the bucket's lock around every call. Time is epoch
 * nanoseconds; it never goes backwards within a bucket (an earlier {@code now} counts as the latest
 * seen).
 */
final class SlidingWindow {
  /** Windows up to this long are cut into {@link #SHORT_SUB_BUCKETS}, longer ones more finely. */
  static final Duration SHORT_WINDOW_MAX = Duration.ofHours(1);

  /** Sub-buckets of a window up to one hour: one second each for a minute. */
  static final int SHORT_SUB_BUCKETS = 60;

  /** Sub-buckets of a window longer than one hour: one minute each for a day. */
  static final int LONG_SUB_BUCKETS = 1440;

  private final long windowNanos;
  private final long subNanos;
  private final long origin;
  private final int maxKept;

  /** A ring of (sub-bucket index, amount) pairs, oldest first; grows up to {@link #maxKept}. */
  private long[] cells = new long[4];

  private int head;
  private int size;
  private long sum;
  private long latest;

  /**
   * Creates an empty window.
   *
   * @param windowNanos the window's length; positive
   * @param originNanos the bucket's first instant, from which sub-buckets are counted
   */
  SlidingWindow(long windowNanos, long originNanos) {
    this.windowNanos = windowNanos;
    this.subNanos = subBucketNanos(windowNanos);
    this.origin = originNanos;
    this.maxKept = (int) ceilDiv(windowNanos, subNanos) + 1;
    this.latest = originNanos;
  }

  /**
   * The sub-bucket length of a window: the window divided by {@value #SHORT_SUB_BUCKETS} up to one
   * hour, else by {@value #LONG_SUB_BUCKETS}; at least one nanosecond.
   *
   * @param windowNanos the window's length; positive
   * @return the sub-bucket length in nanoseconds
   */
  static long subBucketNanos(long windowNanos) {
    int n = windowNanos <= SHORT_WINDOW_MAX.toNanos() ? SHORT_SUB_BUCKETS : LONG_SUB_BUCKETS;
    return Math.max(1, windowNanos / n);
  }

  /** The window's length in nanoseconds. */
  long windowNanos() {
    return windowNanos;
  }

  /** How long the bucket may stay unused before everything it counted has left its window. */
  long idleNanos() {
    return windowNanos + subNanos;
  }

  /** The most sub-buckets this window ever keeps. */
  int maxKept() {
    return maxKept;
  }

  /** The sub-buckets kept now. */
  int kept() {
    return size;
  }

  /** The pair slots allocated now (at most {@link #maxKept()}). */
  int capacity() {
    return cells.length / 2;
  }

  /** What the window counts now (after the last call's expiry). */
  long total() {
    return sum;
  }

  /**
   * Admits {@code amount} if the window plus it stays within {@code limit}.
   *
   * @param limit the most the window may hold
   * @param amount what to admit; zero or positive
   * @param nowNanos the current time in epoch nanoseconds
   * @param now the same time, for the answer
   * @return the admission; its entry is the end of the sub-bucket the amount was recorded in
   */
  QuotaStore.Admission tryAcquire(long limit, long amount, long nowNanos, Instant now) {
    long t = Math.max(nowNanos, latest);
    latest = t;
    expire(t);
    if (amount > limit) {
      return new QuotaStore.Admission(false, 0, now.plusNanos(windowNanos));
    }
    if (sum + amount <= limit) {
      long k = ceilDiv(t - origin, subNanos);
      if (size > 0 && k(size - 1) >= k) {
        k = k(size - 1);
        cells[slot(size - 1) + 1] += amount;
      } else {
        append(k, amount);
      }
      sum += amount;
      return new QuotaStore.Admission(true, origin + k * subNanos, now);
    }
    long needed = sum + amount - limit;
    long freed = 0;
    long retry = t;
    for (int i = 0; i < size; i++) {
      freed += cells[slot(i) + 1];
      retry = origin + k(i) * subNanos + windowNanos;
      if (freed >= needed) {
        break;
      }
    }
    return new QuotaStore.Admission(false, 0, instant(retry));
  }

  /**
   * Changes an admitted amount in the sub-bucket it was recorded in; nothing if that sub-bucket has
   * left the window (or was never this bucket's). A sub-bucket never counts below zero.
   *
   * @param entry the end of the sub-bucket, from the admission
   * @param admitted the amount the admission currently counts
   * @param amount what it should count
   */
  void adjust(long entry, long admitted, long amount) {
    long offset = entry - origin;
    if (offset < 0 || offset % subNanos != 0 || entry + windowNanos <= latest) {
      return;
    }
    long k = offset / subNanos;
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long km = k(mid);
      if (km < k) {
        lo = mid + 1;
      } else if (km > k) {
        hi = mid - 1;
      } else {
        int s = slot(mid) + 1;
        long before = cells[s];
        long after = Math.max(0, before + amount - admitted);
        cells[s] = after;
        sum += after - before;
        return;
      }
    }
  }

  /** Drops the sub-buckets whose end plus the window is at or before {@code t}. */
  private void expire(long t) {
    long firstLive = Math.floorDiv(t - windowNanos - origin, subNanos) + 1;
    while (size > 0 && k(0) < firstLive) {
      sum -= cells[head * 2 + 1];
      head = (head + 1) % capacity();
      size--;
    }
    if (size == 0) {
      head = 0;
      sum = 0;
    }
  }

  private void append(long k, long amount) {
    if (size == capacity()) {
      grow();
    }
    int s = slot(size);
    cells[s] = k;
    cells[s + 1] = amount;
    size++;
  }

  private void grow() {
    int capacity = Math.min(Math.max(capacity() * 2, 4), maxKept);
    if (capacity <= size) {
      throw new IllegalStateException("sub-bucket ring full: " + size + " of " + maxKept);
    }
    long[] next = new long[capacity * 2];
    for (int i = 0; i < size; i++) {
      System.arraycopy(cells, slot(i), next, i * 2, 2);
    }
    cells = next;
    head = 0;
  }

  private int slot(int i) {
    return ((head + i) % capacity()) * 2;
  }

  private long k(int i) {
    return cells[slot(i)];
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
