package dev.llmgateway.benchmarks;

import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetSpec;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.model.Money;
import dev.llmgateway.ratelimit.QuotaStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ledger and quota contention: every thread reserves and settles on one shared global budget (the
 * in-memory {@link BudgetLedger}) or admits and settles on one shared token quota (the in-memory
 * {@link QuotaStore}), as every call of the production path does, against a baseline of two atomic
 * additions on one shared counter (the least a shared reservation can cost).
 *
 * <p>Run once per thread count ({@code benchmarks/run.sh} does 1, 8 and 64):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ContentionBenchmark -t 8
 * </pre>
 *
 * <p>Read ops/s: reserve + settle pairs per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class ContentionBenchmark {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Money WORST = Money.ofNanos(200_000);
  private static final Money ACTUAL = Money.ofNanos(80_000);

  private final AtomicLong counter = new AtomicLong();
  private BudgetLedger ledger;
  private List<Budget> budgets;
  private QuotaStore quotas;

  /** Creates the benchmark state; JMH calls this. */
  public ContentionBenchmark() {}

  /** Creates the ledger, its budget and the quota store. */
  @Setup(Level.Trial)
  public void setUp() {
    ledger = BudgetLedger.inMemory(ZoneOffset.UTC);
    budgets =
        List.of(
            new BudgetSpec()
                .scope(BudgetScope.global())
                .lifetime(Money.usd("1000000000"))
                .toBudget());
    quotas = QuotaStore.inMemory();
  }

  /**
   * Baseline: reserve and settle as two atomic additions.
   *
   * @return the counter
   */
  @Benchmark
  public long baselineAtomicCounter() {
    counter.addAndGet(WORST.nanos());
    return counter.addAndGet(ACTUAL.nanos() - WORST.nanos());
  }

  /**
   * A budget reservation of the worst case, settled to the actual cost.
   *
   * @return the settled budgets' count
   */
  @Benchmark
  public int ledgerReserveSettle() {
    Reservation r = ledger.reserve(budgets, WORST, NOW);
    return r.settle(ACTUAL).size();
  }

  /**
   * A token-quota admission of 250 tokens, settled to 60.
   *
   * @return the admission's entry
   */
  @Benchmark
  public long quotaAcquireSettle() {
    QuotaStore.Admission a =
        quotas.tryAcquire("tenant:acme|tpm", 1L << 50, Duration.ofMinutes(1), 250, NOW);
    quotas.adjust("tenant:acme|tpm", a.entry(), 250, 60);
    return a.entry();
  }
}
