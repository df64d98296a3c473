package dev.llmgateway;

import dev.llmgateway.usage.UsageRecord;
import dev.llmgateway.usage.UsageSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps every record; optionally blocks its first write until released. */
final class CollectingSink implements UsageSink {
  final List<UsageRecord> records = new CopyOnWriteArrayList<>();
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release;
  final AtomicInteger flushes = new AtomicInteger();
  final AtomicInteger closes = new AtomicInteger();

  CollectingSink() {
    this(false);
  }

  CollectingSink(boolean blockFirstWrite) {
    this.release = new CountDownLatch(blockFirstWrite ? 1 : 0);
  }

  @Override
  public void write(List<UsageRecord> batch) {
    entered.countDown();
    try {
      if (!release.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    records.addAll(batch);
  }

  @Override
  public void flush() {
    flushes.incrementAndGet();
  }

  @Override
  public void close() {
    closes.incrementAndGet();
  }
}
