package dev.llmgateway.benchmarks;

import dev.llmgateway.ratelimit.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One token-quota admission and its settle ({@code tryAcquire} reserving 100 tokens, then {@code
 * adjust} to the 40 used) on one shared per-minute bucket, the way the quota stage does it for a
 * {@code global()} quota, against its baseline: the old sliding-window log ({@link LogQuotaStore},
 * one entry per admission) beside the sub-bucket window ({@link QuotaStore#inMemory()}).
 *
 * <p>Time advances by {@code window / inWindow} per operation (a shared counter, the same for both
 * stores), so the window holds about {@code inWindow} admissions throughout: {@code 10} (few) or
 * {@code 1000000} (many; the log then holds about 100 MB). The limit is never reached, so every
 * operation is an admission and a settle.
 *
 * <p>Run (from the repository root), once per thread count:
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar QuotaStoreBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -t 1
 * java -jar benchmarks/target/benchmarks.jar QuotaStoreBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -t 8
 * java -jar benchmarks/target/benchmarks.jar QuotaStoreBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -t 64
 * </pre>
 *
 * <p>Report ops/s (admission + settle pairs per second) for every store and window fill.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class QuotaStoreBenchmark {
  private static final String BUCKET = "global|tpm";
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final long LIMIT = Long.MAX_VALUE / 4;
  private static final long START =
      Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() * 1_000_000;

  /** Which store: {@code log} (the baseline) or {@code subBuckets} ({@code inMemory()}). */
  @Param({"log", "subBuckets"})
  public String store;

  /** About how many admissions the window holds. */
  @Param({"10", "1000000"})
  public int inWindow;

  private QuotaStore quotas;
  private long step;
  private final AtomicLong nanos = new AtomicLong(START);

  /** Creates the benchmark state; JMH calls this. */
  public QuotaStoreBenchmark() {}

  /** Creates the store and fills its window with {@code inWindow} admissions. */
  @Setup(Level.Trial)
  public void setUp() {
    quotas = store.equals("log") ? new LogQuotaStore() : QuotaStore.inMemory();
    step = WINDOW.toNanos() / inWindow;
    for (int i = 0; i < inWindow; i++) {
      acquireAndSettle();
    }
  }

  /**
   * Admits 100 tokens and settles them to 40.
   *
   * @return the admission's entry, so that nothing is optimised away
   */
  @Benchmark
  public long acquireAndSettle() {
    long t = nanos.addAndGet(step);
    Instant now = Instant.ofEpochSecond(t / 1_000_000_000L, t % 1_000_000_000L);
    QuotaStore.Admission a = quotas.tryAcquire(BUCKET, LIMIT, WINDOW, 100, now);
    quotas.adjust(BUCKET, a.entry(), 100, 40);
    return a.entry();
  }
}
