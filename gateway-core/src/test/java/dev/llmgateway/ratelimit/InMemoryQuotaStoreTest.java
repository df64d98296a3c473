package dev.llmgateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.RequestContext;
import dev.llmgateway.ratelimit.QuotaStore.Admission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store: memory set by configuration (not traffic), idle buckets evicted, the error
 * bound at the window edges, settle and release. Time is passed in, as the client does from its
 * clock.
 */
class InMemoryQuotaStoreTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration DAY = Duration.ofDays(1);
  private static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L);

  /**
   * Upper bound of what one bucket costs besides its sub-bucket slots: the SlidingWindow object,
   * its array header, the bucket id string and Caffeine's node with variable expiry.
   */
  private static final long BYTES_PER_BUCKET = 512;

  /** One sub-bucket slot: a sub-bucket index and an amount, two longs. */
  private static final long BYTES_PER_SLOT = 16;

  private final InMemoryQuotaStore store = new InMemoryQuotaStore();

  private long retainedBytes() {
    store.cleanUp();
    return store.bucketCount() * BYTES_PER_BUCKET + store.subBucketSlots() * BYTES_PER_SLOT;
  }

  @Test
  void tenMillionAdmissionsOverASimulatedDayKeepTheStoreUnderOneMegabyte() {
    int admissions = 10_000_000;
    long stepNanos = DAY.toNanos() / admissions; // 8.64 ms: the whole day, evenly
    for (int i = 0; i < admissions; i++) {
      Instant now = T0.plusNanos(i * stepNanos);
      assertThat(store.tryAcquire("global|rpd", admissions, DAY, 1, now).granted()).isTrue();
      Admission tokens = store.tryAcquire("global|tpm", 1_000_000_000L, MINUTE, 100, now);
      store.adjust("global|tpm", tokens.entry(), 100, 40);
    }
    Instant last = T0.plusNanos((admissions - 1) * stepNanos);
    // An entry per admission (the old log) would hold 10 million entries, about 1 GB; the
    // windows hold at most 1,441 + 61 sub-buckets however many calls they count.
    assertThat(store.bucketCount()).isEqualTo(2);
    assertThat(store.subBucketSlots()).isLessThanOrEqualTo(1_441 + 61);
    assertThat(retainedBytes()).isLessThan(1_000_000);
    // Nothing was lost: the day counts every admission, the minute the settled amounts.
    Admission refused = store.tryAcquire("global|rpd", admissions, DAY, 1, last);
    assertThat(refused.granted()).isFalse();
    assertThat(refused.retryAt()).isEqualTo(T0.plus(DAY)); // the first admission was on the grid
    // The minute counts the admissions whose one-second sub-bucket ends within the last minute.
    long lastNanos = (admissions - 1) * stepNanos;
    long second = Duration.ofSeconds(1).toNanos();
    long counted = 0;
    for (long i = 0; i < admissions; i++) {
      long end = -Math.floorDiv(-i * stepNanos, second) * second;
      if (end + MINUTE.toNanos() > lastNanos) {
        counted++;
      }
    }
    assertThat(counted).isBetween(MINUTE.toNanos() / stepNanos, 61 * second / stepNanos + 1);
    assertThat(store.tryAcquire("global|tpm", 40 * counted, MINUTE, 0, last).granted()).isTrue();
    assertThat(store.tryAcquire("global|tpm", 40 * counted - 1, MINUTE, 0, last).granted())
        .isFalse();
  }

  @Test
  void aMillionDistinctUsersAreEvictedBackToABoundAfterTheirIdleTime() {
    QuotaScope each = QuotaScope.eachUser();
    int users = 1_000_000;
    long stepNanos = Duration.ofSeconds(30).toNanos() / users;
    Instant last = T0;
    for (int i = 0; i < users; i++) {
      last = T0.plusNanos(i * stepNanos);
      String bucket = each.bucketFor(RequestContext.EMPTY.user("u" + i)) + "|rpm";
      assertThat(store.tryAcquire(bucket, 10, MINUTE, 1, last).granted()).isTrue();
    }
    store.cleanUp();
    assertThat(store.bucketCount()).isEqualTo(users);

    // Still within its window plus one sub-bucket, every user's bucket is kept.
    Instant stillCounting = T0.plus(MINUTE);
    store.tryAcquire("user=late|rpm", 10, MINUTE, 1, stillCounting);
    store.cleanUp();
    assertThat(store.bucketCount()).isEqualTo(users + 1);

    // One idle time (window + one sub-bucket = 61 s) after the last of them, only the late user's
    // bucket and the one used now are left.
    Instant idle = last.plus(Duration.ofSeconds(61));
    store.tryAcquire("user=now|rpm", 10, MINUTE, 1, idle);
    store.cleanUp();
    assertThat(store.bucketCount()).isEqualTo(2);
    assertThat(retainedBytes()).isLessThan(2 * (BYTES_PER_BUCKET + 61 * BYTES_PER_SLOT));
  }

  @Test
  void aBucketIsNotEvictedWhileItsWindowStillCountsSomething() {
    Instant offGrid = T0.plusMillis(500);
    store.tryAcquire("tenant=acme|rpm", 1, MINUTE, 1, T0);
    // Counts until the end of its sub-bucket (T0 + 1 s) plus the window.
    Instant almost = T0.plusSeconds(61).minusNanos(1);
    store.tryAcquire("tenant=other|rpm", 1, MINUTE, 1, offGrid);
    store.tryAcquire("tenant=other2|rpm", 1, MINUTE, 1, almost);
    store.cleanUp();
    assertThat(store.bucketCount()).isEqualTo(3);
    assertThat(store.tryAcquire("tenant=acme|rpm", 1, MINUTE, 1, T0.plusSeconds(60).minusNanos(1)))
        .extracting(Admission::granted)
        .isEqualTo(false);
  }

  @Test
  void onTheGridTheWindowIsExactAndRetryAtToTheNanosecond() {
    String b = "tenant=acme|rpm";
    assertThat(store.tryAcquire(b, 2, MINUTE, 1, T0).granted()).isTrue();
    assertThat(store.tryAcquire(b, 2, MINUTE, 1, T0.plusSeconds(10)).granted()).isTrue();
    Admission refused = store.tryAcquire(b, 2, MINUTE, 1, T0.plusSeconds(60).minusNanos(1));
    assertThat(refused.granted()).isFalse();
    assertThat(refused.retryAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(store.tryAcquire(b, 2, MINUTE, 1, T0.plusSeconds(60)).granted()).isTrue();
  }

  @Test
  void offTheGridAnAdmissionCountsAtMostOneSubBucketLongerAndRetryAtSaysWhen() {
    String b = "tenant=acme|rpm";
    store.tryAcquire(b, 2, MINUTE, 1, T0); // the bucket's origin: sub-buckets end at T0 + k s
    Instant t = T0.plusMillis(10_250);
    assertThat(store.tryAcquire(b, 2, MINUTE, 1, t).granted()).isTrue();
    // The first leaves at exactly T0 + 60 s; the second with its sub-bucket, at T0 + 11 s + 60 s:
    // 750 ms after t + window, within the bound of one sub-bucket (1 s).
    store.tryAcquire(b, 2, MINUTE, 1, T0.plusSeconds(60));
    Admission refused = store.tryAcquire(b, 2, MINUTE, 1, t.plus(MINUTE));
    assertThat(refused.granted()).isFalse();
    assertThat(refused.retryAt()).isEqualTo(T0.plusSeconds(71));
    assertThat(Duration.between(t.plus(MINUTE), refused.retryAt()))
        .isPositive()
        .isLessThan(Duration.ofSeconds(1));
    assertThat(store.tryAcquire(b, 2, MINUTE, 1, T0.plusSeconds(71).minusNanos(1)).granted())
        .isFalse();
    assertThat(store.tryAcquire(b, 2, MINUTE, 1, T0.plusSeconds(71)).granted()).isTrue();
  }

  @Test
  void aDayIsCutIntoOneMinuteSubBuckets() {
    String b = "global|rpd";
    store.tryAcquire(b, 1, DAY, 1, T0);
    Instant t = T0.plus(DAY).plusSeconds(5); // the first left; this one is 5 s into a sub-bucket
    assertThat(store.tryAcquire(b, 1, DAY, 1, t).granted()).isTrue();
    Admission refused = store.tryAcquire(b, 1, DAY, 1, t.plus(DAY));
    assertThat(refused.retryAt()).isEqualTo(T0.plus(DAY).plus(DAY).plusSeconds(60));
  }

  /**
   * Random admissions against an exact log of what was granted: the store never lets a sliding
   * window hold more than the limit, grants nothing the exact log would refuse, and every refusal's
   * retryAt is at or after the exact one and less than one sub-bucket after it.
   */
  @Test
  void theErrorBoundHoldsAgainstAnExactLog() {
    Random random = new Random(18);
    long limit = 20;
    long window = MINUTE.toNanos();
    long sub = window / 60;
    List<long[]> granted = new ArrayList<>(); // {time, amount}
    long t = SlidingWindow.nanos(T0);
    int refusals = 0;
    for (int i = 0; i < 20_000; i++) {
      t += (long) (random.nextDouble() * 3_000_000_000L); // up to 3 s apart
      long amount = 1 + random.nextInt(5);
      long now = t;
      long inWindow = granted.stream().filter(g -> g[0] > now - window).mapToLong(g -> g[1]).sum();
      long exactRetry = now;
      if (inWindow + amount > limit) {
        long needed = inWindow + amount - limit;
        long freed = 0;
        for (long[] g : granted) {
          if (g[0] > now - window) {
            freed += g[1];
            if (freed >= needed) {
              exactRetry = g[0] + window;
              break;
            }
          }
        }
      }
      Admission a = store.tryAcquire("b", limit, MINUTE, amount, SlidingWindow.instant(now));
      if (a.granted()) {
        assertThat(inWindow + amount).as("granted at %d", i).isLessThanOrEqualTo(limit);
        granted.add(new long[] {now, amount});
      } else {
        refusals++;
        long retry = SlidingWindow.nanos(a.retryAt());
        assertThat(retry).as("retryAt at %d", i).isGreaterThanOrEqualTo(exactRetry);
        assertThat(retry - exactRetry).as("retryAt at %d", i).isLessThan(sub);
      }
      granted.removeIf(g -> g[0] <= now - 2 * window);
    }
    assertThat(refusals).isGreaterThan(1_000);
  }

  @Test
  void releaseFreesTheAmountAtOnce() {
    String b = "tenant=acme|tpm";
    Admission a = store.tryAcquire(b, 100, MINUTE, 60, T0);
    assertThat(store.tryAcquire(b, 100, MINUTE, 50, T0).granted()).isFalse();
    store.adjust(b, a.entry(), 60, 0);
    assertThat(store.tryAcquire(b, 100, MINUTE, 50, T0).granted()).isTrue();
  }

  @Test
  void settleAdjustsTheSubBucketTheAdmissionWasRecordedIn() {
    String b = "tenant=acme|tpm";
    Admission first = store.tryAcquire(b, 100, MINUTE, 60, T0);
    Admission second = store.tryAcquire(b, 100, MINUTE, 30, T0.plusSeconds(30));
    store.adjust(b, first.entry(), 60, 10); // the window holds 10 + 30
    Instant before = T0.plusSeconds(60).minusNanos(1);
    Admission refused = store.tryAcquire(b, 100, MINUTE, 61, before);
    assertThat(refused.granted()).isFalse();
    assertThat(refused.retryAt()).isEqualTo(T0.plusSeconds(60)); // when the settled 10 leave
    assertThat(store.tryAcquire(b, 100, MINUTE, 60, before).granted()).isTrue(); // 40 + 60
    // Settling the second upward counts what it really used, in its own sub-bucket.
    store.adjust(b, second.entry(), 30, 35);
    Admission now = store.tryAcquire(b, 100, MINUTE, 6, T0.plusSeconds(60));
    assertThat(now.granted()).isFalse(); // 35 + 60 + 6 > 100 once the first has left
    assertThat(now.retryAt()).isEqualTo(T0.plusSeconds(90)); // when the 35 leave
    assertThat(store.tryAcquire(b, 100, MINUTE, 5, T0.plusSeconds(60)).granted()).isTrue();
  }

  @Test
  void settlingAnAdmissionWhoseSubBucketLeftTheWindowChangesNothing() {
    String b = "tenant=acme|tpm";
    Admission a = store.tryAcquire(b, 100, MINUTE, 60, T0);
    store.tryAcquire(b, 100, MINUTE, 40, T0.plusSeconds(30));
    Instant later = T0.plusSeconds(60);
    store.tryAcquire(b, 100, MINUTE, 0, later); // the first sub-bucket has left
    store.adjust(b, a.entry(), 60, 500);
    assertThat(store.tryAcquire(b, 100, MINUTE, 60, later).granted()).isTrue(); // 40 + 60
  }

  @Test
  void aStaleEntryDoesNotAdjustABucketCreatedAgainAfterEviction() {
    String b = "tenant=acme|tpm";
    Admission old = store.tryAcquire(b, 100, MINUTE, 60, T0);
    Instant later = T0.plus(Duration.ofMinutes(5));
    store.tryAcquire("tenant=other|tpm", 100, MINUTE, 1, later);
    store.cleanUp();
    assertThat(store.bucketCount()).isEqualTo(1); // acme's bucket was evicted
    assertThat(store.tryAcquire(b, 100, MINUTE, 100, later).granted()).isTrue();
    store.adjust(b, old.entry(), 60, 0);
    assertThat(store.tryAcquire(b, 100, MINUTE, 1, later).granted()).isFalse();
  }

  @Test
  void adjustingAnUnknownBucketIsIgnored() {
    store.adjust("nobody|tpm", 42, 10, 0);
    assertThat(store.bucketCount()).isZero();
  }

  @Test
  void aReservationLargerThanTheLimitIsRefusedOneWindowAhead() {
    Admission a = store.tryAcquire("b", 100, MINUTE, 101, T0.plusMillis(300));
    assertThat(a.granted()).isFalse();
    assertThat(a.retryAt()).isEqualTo(T0.plusMillis(300).plus(MINUTE));
  }

  @Test
  void anEarlierNowCountsAsTheLatestSeen() {
    String b = "b";
    store.tryAcquire(b, 1, MINUTE, 1, T0.plusSeconds(10));
    // A thread whose clock read is a little older still counts into the latest sub-bucket.
    Admission late = store.tryAcquire(b, 1, MINUTE, 1, T0.plusSeconds(69));
    assertThat(late.granted()).isFalse();
    assertThat(late.retryAt()).isEqualTo(T0.plusSeconds(70));
    assertThat(store.tryAcquire(b, 1, MINUTE, 1, T0.plusSeconds(70)).granted()).isTrue();
    assertThat(store.tryAcquire(b, 1, MINUTE, 0, T0).granted()).isTrue();
  }

  @Test
  void subBucketsAreOneSecondForAMinuteAndOneMinuteForADay() {
    assertThat(SlidingWindow.subBucketNanos(MINUTE.toNanos()))
        .isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(SlidingWindow.subBucketNanos(DAY.toNanos())).isEqualTo(MINUTE.toNanos());
    assertThat(new SlidingWindow(MINUTE.toNanos(), 0).maxKept()).isEqualTo(61);
    assertThat(new SlidingWindow(DAY.toNanos(), 0).maxKept()).isEqualTo(1_441);
  }

  @Test
  @SuppressWarnings("deprecation")
  void theOldAdjustIsRefusedByTheInMemoryStoreAndStillServesOldStores() {
    assertThatThrownBy(() -> store.adjust("b", 1, 0))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("adjust(bucket, entry, admitted, amount)");
    List<String> calls = new ArrayList<>();
    QuotaStore old =
        new QuotaStore() {
          @Override
          public Admission tryAcquire(
              String bucket, long limit, Duration window, long amount, Instant now) {
            return new Admission(true, 7, now);
          }

          @Override
          public void adjust(String bucket, long entry, long amount) {
            calls.add(bucket + "#" + entry + "=" + amount);
          }
        };
    old.adjust("b", 7, 12, 3);
    assertThat(calls).containsExactly("b#7=3");
  }
}
