package dev.llmgateway;

import dev.llmgateway.ratelimit.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory quota store that also remembers what each admitted entry ends up counting, whether
 * or not its window has passed: the amount admitted, then the amount of its last adjustment.
 */
final class RecordingQuotaStore implements QuotaStore {
  /** One admitted entry: its bucket and what it counts now. */
  static final class Entry {
    final String bucket;
    final long id;
    final long admitted;
    volatile long amount;

    Entry(String bucket, long id, long admitted) {
      this.bucket = bucket;
      this.id = id;
      this.admitted = admitted;
      this.amount = admitted;
    }
  }

  private final QuotaStore delegate = QuotaStore.inMemory();
  final List<Entry> entries = new CopyOnWriteArrayList<>();

  @Override
  public Admission tryAcquire(
      String bucket, long limit, Duration window, long amount, Instant now) {
    Admission a = delegate.tryAcquire(bucket, limit, window, amount, now);
    if (a.granted()) {
      entries.add(new Entry(bucket, a.entry(), amount));
    }
    return a;
  }

  @Override
  public void adjust(String bucket, long entry, long amount) {
    delegate.adjust(bucket, entry, amount);
    for (Entry e : entries) {
      if (e.bucket.equals(bucket) && e.id == entry) {
        e.amount = amount;
      }
    }
  }

  /** What every admitted entry counts now. */
  long total() {
    long sum = 0;
    for (Entry e : entries) {
      sum += e.amount;
    }
    return sum;
  }

  /** What the entry admitted {@code index}-th (from 0) counts now. */
  long amount(int index) {
    return entries.get(index).amount;
  }
}
