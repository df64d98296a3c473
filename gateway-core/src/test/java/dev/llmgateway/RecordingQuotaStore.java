package dev.llmgateway;

import dev.llmgateway.ratelimit.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory quota store that also remembers what each admitted entry ends up counting, whether
 * or not its window has passed: the amount admitted, then the amount of its last adjustment. The
 * in-memory store aggregates admissions per sub-bucket (several share an entry id), so this one
 * hands out an id of its own per admission and maps it to the store's.
 */
final class RecordingQuotaStore implements QuotaStore {
  /** One admitted entry: its bucket and what it counts now. */
  static final class Entry {
    final String bucket;
    final long id;
    final long storeEntry;
    final long admitted;
    volatile long amount;

    Entry(String bucket, long id, long storeEntry, long admitted) {
      this.bucket = bucket;
      this.id = id;
      this.storeEntry = storeEntry;
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
    if (!a.granted()) {
      return a;
    }
    synchronized (entries) {
      long id = entries.size();
      entries.add(new Entry(bucket, id, a.entry(), amount));
      return new Admission(true, id, a.retryAt());
    }
  }

  @Override
  public void adjust(String bucket, long entry, long admitted, long amount) {
    for (Entry e : entries) {
      if (e.bucket.equals(bucket) && e.id == entry) {
        delegate.adjust(bucket, e.storeEntry, admitted, amount);
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
