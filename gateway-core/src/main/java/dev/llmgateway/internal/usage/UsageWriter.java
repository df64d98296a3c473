package dev.llmgateway.internal.usage;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.internal.config.UsageSettings;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageQueuePolicy;
import dev.llmgateway.usage.UsageRecord;
import dev.llmgateway.usage.UsageRecorder;
import dev.llmgateway.usage.UsageSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 8, record: takes one {@link UsageRecord} per call off the request path. Callers only
 * enqueue into a bounded queue (no I/O, no JSON, no lock held while calling user code); one daemon
 * thread named {@value #THREAD_NAME} drains it in batches into every sink and flushes them whenever
 * the queue runs empty, then pauses briefly ({@link #LINGER_NANOS}) so that producers do not wake
 * it once per record. A full queue drops (at once or after the block timeout) and counts; a sink
 * that throws is logged and counted.
 *
 * <p>{@link #close()} stops taking records, lets the writer write everything queued, flushes and
 * closes the sinks, and waits for that up to the close timeout. A record that arrives after the
 * writer's final drain is refused and counted, never left behind uncounted: the producer re-checks
 * {@code terminated} after enqueueing and takes its record back if the writer is gone.
 */
public final class UsageWriter implements UsageRecorder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UsageWriter.class);

  static final String THREAD_NAME = "llm-gateway-usage-writer";

  /**
   * How long the writer pauses after a batch before it looks again: records that arrive meanwhile
   * wait in the queue without waking it, so that a busy client wakes the writer about once per
   * pause instead of once per call (a thread hand-off per call costs the caller's CPU and, on a
   * loaded machine, its tail latency). An idle writer blocks until the next record as before.
   */
  static final long LINGER_NANOS = 1_000_000;

  /** Wakes the writer on close; never written. */
  private static final UsageRecord WAKE_UP =
      new UsageRecord(
          "wake-up",
          Instant.EPOCH,
          CallInfo.Kind.CHAT,
          RequestContext.EMPTY,
          "none",
          null,
          null,
          null,
          null,
          Usage.ZERO,
          Cost.UNKNOWN,
          Duration.ZERO,
          null,
          false,
          Money.ZERO,
          0,
          UsageOutcome.CANCELLED,
          null,
          null);

  private final UsageSettings settings;
  private final GatewayEventListener events;
  private final @Nullable ArrayBlockingQueue<UsageRecord> queue;
  private final @Nullable Thread thread;
  private final long blockNanos;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong sinkFailures = new AtomicLong();
  private final AtomicBoolean closeCalled = new AtomicBoolean();
  private volatile boolean closing;
  private volatile boolean terminated;

  public UsageWriter(UsageSettings settings, GatewayEventListener events) {
    this.settings = settings;
    this.events = events;
    this.blockNanos = Nanos.of(settings.blockTimeout());
    if (settings.sinks().isEmpty()) {
      this.queue = null;
      this.thread = null;
      this.terminated = true;
    } else {
      this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
      Thread t = new Thread(this::run, THREAD_NAME);
      t.setDaemon(true);
      this.thread = t;
      t.start();
    }
  }

  @Override
  public boolean enabled() {
    return queue != null;
  }

  /**
   * Enqueues a record; on the caller's thread. Never throws.
   *
   * @param record the record
   */
  public void record(UsageRecord record) {
    ArrayBlockingQueue<UsageRecord> q = queue;
    if (q == null) {
      return;
    }
    if (closing) {
      refuse(record);
      return;
    }
    boolean added;
    if (settings.whenFull() == UsageQueuePolicy.DROP || blockNanos == 0) {
      added = q.offer(record);
    } else {
      try {
        added = q.offer(record, blockNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        added = q.offer(record);
      }
    }
    if (!added) {
      long total = dropped.incrementAndGet();
      log.debug("Usage queue full: dropped record of call {}", record.requestId());
      events.usageDropped(record, total);
      return;
    }
    if (terminated && q.remove(record)) {
      refuse(record);
    }
  }

  private void refuse(UsageRecord record) {
    long n = refused.incrementAndGet();
    if (n == 1) {
      log.warn(
          "Usage record of call {} arrived after the client was closed; refused (counted in"
              + " refusedCount)",
          record.requestId());
    } else {
      log.debug("Usage record of call {} refused: client closed", record.requestId());
    }
  }

  private void run() {
    ArrayBlockingQueue<UsageRecord> q = java.util.Objects.requireNonNull(queue);
    int max = settings.maxBatchSize();
    List<UsageRecord> batch = new ArrayList<>(Math.min(max, 1024));
    try {
      while (!(closing && q.isEmpty())) {
        UsageRecord first;
        try {
          first = q.take();
        } catch (InterruptedException e) {
          log.warn("Usage writer interrupted; draining and stopping");
          closing = true;
          break;
        }
        add(batch, first);
        drain(q, batch, max - 1);
        write(batch);
        if (q.isEmpty()) {
          flush();
          if (!closing) {
            LockSupport.parkNanos(LINGER_NANOS);
          }
        }
      }
    } finally {
      terminated = true;
      // Records enqueued before producers could see 'terminated'.
      drain(q, batch, Integer.MAX_VALUE);
      while (!batch.isEmpty()) {
        List<UsageRecord> all = new ArrayList<>(batch);
        batch.clear();
        for (int i = 0; i < all.size(); i += max) {
          batch.addAll(all.subList(i, Math.min(all.size(), i + max)));
          write(batch);
        }
        drain(q, batch, Integer.MAX_VALUE);
      }
      flush();
      for (UsageSink sink : settings.sinks()) {
        try {
          sink.close();
        } catch (RuntimeException e) {
          sinkFailed(sink, "close", e);
        }
      }
    }
  }

  private static void add(List<UsageRecord> batch, UsageRecord r) {
    if (r != WAKE_UP) {
      batch.add(r);
    }
  }

  private static void drain(ArrayBlockingQueue<UsageRecord> q, List<UsageRecord> batch, int max) {
    if (max <= 0) {
      return;
    }
    int before = batch.size();
    q.drainTo(batch, max);
    for (int i = batch.size() - 1; i >= before; i--) {
      if (batch.get(i) == WAKE_UP) {
        batch.remove(i);
      }
    }
  }

  private void write(List<UsageRecord> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<UsageRecord> view = java.util.Collections.unmodifiableList(batch);
    for (UsageSink sink : settings.sinks()) {
      try {
        sink.write(view);
      } catch (RuntimeException e) {
        sinkFailed(sink, "write", e);
      }
    }
    written.addAndGet(batch.size());
    batch.clear();
  }

  private void flush() {
    for (UsageSink sink : settings.sinks()) {
      try {
        sink.flush();
      } catch (RuntimeException e) {
        sinkFailed(sink, "flush", e);
      }
    }
  }

  private void sinkFailed(UsageSink sink, String operation, RuntimeException e) {
    sinkFailures.incrementAndGet();
    log.warn("Usage sink {} threw from {}; its records may be lost", sink, operation, e);
  }

  /** Writes what is queued, flushes and closes the sinks; idempotent. */
  @Override
  public void close() {
    if (!closeCalled.compareAndSet(false, true)) {
      return;
    }
    Thread t = thread;
    ArrayBlockingQueue<UsageRecord> q = queue;
    if (t == null || q == null) {
      return;
    }
    closing = true;
    q.offer(WAKE_UP);
    try {
      t.join(settings.closeTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      log.warn(
          "Usage writer did not finish within {}; {} record(s) still queued",
          settings.closeTimeout(),
          q.size());
    }
  }

  @Override
  public long writtenCount() {
    return written.get();
  }

  @Override
  public long droppedCount() {
    return dropped.get();
  }

  @Override
  public long refusedCount() {
    return refused.get();
  }

  @Override
  public long sinkFailureCount() {
    return sinkFailures.get();
  }

  @Override
  public int queuedCount() {
    ArrayBlockingQueue<UsageRecord> q = queue;
    if (q == null) {
      return 0;
    }
    int n = q.size();
    return closing && n > 0 && q.contains(WAKE_UP) ? n - 1 : n;
  }

  @Override
  public String toString() {
    return "UsageRecorder{sinks="
        + settings.sinks()
        + ", written="
        + written
        + ", dropped="
        + dropped
        + ", refused="
        + refused
        + "}";
  }
}
