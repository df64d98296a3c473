package dev.llmgateway.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Where quota windows live, one per bucket (a scope and a limit). A bucket admits an amount at
 * {@code now} when the amounts its window still counts plus it stay within the limit. The client
 * acquires before a call and later adjusts the amount to what the call really used, or to zero to
 * release it.
 *
 * <p><b>Windows.</b> {@link #inMemory()} keeps a sliding window of fixed sub-buckets per bucket (60
 * one-second sub-buckets for a minute, 1,440 one-minute sub-buckets for a day; windows up to an
 * hour are cut in 60, longer ones in 1,440), counted from the bucket's first admission: an amount
 * admitted at {@code t} stops counting at the end of its sub-bucket plus the window, an instant in
 * {@code [t + window, t + window + one sub-bucket)}. The limit therefore holds in every sliding
 * window, and capacity returns at most one sub-bucket later than with an exact log of admissions. A
 * shared store should count the same way.
 *
 * <p><b>Threads.</b> Implementations must be thread-safe and atomic per bucket; they must not call
 * back into the client. {@link #inMemory()} is the default.
 */
public interface QuotaStore {

  /**
   * Admits {@code amount} into a bucket if it fits.
   *
   * @param bucket the bucket id (scope and limit, such as {@code tenant=acme|tokens/PT1M})
   * @param limit the most the window may hold; positive
   * @param window the window's length; positive
   * @param amount what to admit; zero or positive
   * @param now the current time, from the client's clock
   * @return the entry admitted, or when the amount would first fit
   */
  Admission tryAcquire(String bucket, long limit, Duration window, long amount, Instant now);

  /**
   * Changes what an admitted entry counts, from {@code admitted} to {@code amount}: to what a call
   * really used (settle) or to zero (release). The entry keeps its place in the window (for {@link
   * #inMemory()}, the sub-bucket it was recorded in). Unknown entries, and entries that already
   * left the window, are ignored.
   *
   * <p>The client calls this form. By default it calls the older {@link #adjust(String, long,
   * long)}, so a store written against it keeps working; a store that aggregates admissions (as
   * {@link #inMemory()} does) overrides this one, since it needs the amount the entry counted.
   *
   * @param bucket the bucket id
   * @param entry the entry id from {@link Admission#entry()}
   * @param admitted what the entry counts now: the amount admitted, or of its last adjustment
   * @param amount the new amount; zero or positive
   */
  @SuppressWarnings("deprecation")
  default void adjust(String bucket, long entry, long admitted, long amount) {
    adjust(bucket, entry, amount);
  }

  /**
   * Changes the amount of an admitted entry without saying what it counted before. Only stores that
   * remember every entry can do this; {@link #inMemory()} does not.
   *
   * @param bucket the bucket id
   * @param entry the entry id from {@link Admission#entry()}
   * @param amount the new amount; zero or positive
   * @throws UnsupportedOperationException unless the store overrides it (stores that implement
   *     {@link #adjust(String, long, long, long)} need not)
   * @deprecated call or implement {@link #adjust(String, long, long, long)}, which carries the
   *     amount the entry counted so that a store can keep aggregates instead of entries
   */
  @Deprecated
  default void adjust(String bucket, long entry, long amount) {
    throw new UnsupportedOperationException(
        getClass().getName()
            + " needs the amount an entry counted: call adjust(bucket, entry, admitted, amount)");
  }

  /**
   * A store in this JVM's memory: per bucket, at most 61 sub-buckets for a window up to an hour and
   * 1,441 for a longer one, whatever the traffic (about 1 KB for a busy per-minute limit, 23 KB for
   * a busy per-day limit; a bucket that saw one call keeps one). A bucket unused for its window
   * plus one sub-bucket counts nothing any more and is evicted; time is the {@code now} the client
   * passes in. Admission is O(1); a refusal walks at most the bucket's sub-buckets.
   *
   * @return a new store
   */
  static QuotaStore inMemory() {
    return new InMemoryQuotaStore();
  }

  /**
   * The answer of {@link #tryAcquire}.
   *
   * @param granted whether the amount was admitted
   * @param entry the admitted entry's id (for {@link #adjust(String, long, long, long)}); for
   *     {@link #inMemory()}, the end of the sub-bucket it was recorded in, in epoch nanoseconds;
   *     meaningless when not granted
   * @param retryAt when not granted, the earliest instant at which the same amount would fit (for a
   *     limit smaller than the amount, {@code now + window}); else {@code now}
   */
  record Admission(boolean granted, long entry, Instant retryAt) {
    /**
     * Validates the admission.
     *
     * @param granted whether the amount was admitted
     * @param entry the admitted entry's id
     * @param retryAt when the amount would first fit
     * @throws NullPointerException if {@code retryAt} is null
     */
    public Admission {
      java.util.Objects.requireNonNull(retryAt, "retryAt");
    }
  }
}
