package dev.llmgateway.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * Where quota windows live: sliding-window logs of timestamped amounts, one per bucket (a scope and
 * a limit). A bucket admits an amount at {@code now} when the amounts admitted in {@code (now -
 * window, now]} plus it stay within the limit; an amount admitted at {@code t} stops counting at
 * exactly {@code t + window}. The client acquires before a call and later adjusts the amount to
 * what the call really used, or to zero to release it.
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
   * Changes the amount of an admitted entry (it keeps its timestamp): to what a call really used
   * (settle) or to zero (release). Unknown or expired entries are ignored.
   *
   * @param bucket the bucket id
   * @param entry the entry id from {@link Admission#entry()}
   * @param amount the new amount; zero or positive
   */
  void adjust(String bucket, long entry, long amount);

  /**
   * A store in this JVM's memory. Each bucket holds one entry per admission within its window.
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
   * @param entry the admitted entry's id (for {@link #adjust}); meaningless when not granted
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
