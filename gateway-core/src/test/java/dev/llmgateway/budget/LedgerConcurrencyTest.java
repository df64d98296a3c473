package dev.llmgateway.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.Money;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The ledger takes no lock: many threads reserving, settling and releasing on two shared budgets
 * never hold more reservations than the limits allow, and the totals add up exactly afterwards,
 * whichever of the two budgets is the one that refuses (a refusal on the second takes back the
 * raise made on the first).
 */
class LedgerConcurrencyTest {
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
  private static final long WORST = 1_000;

  @Test
  void reservationsNeverExceedTheLimitAndTotalsAddUpUnderConcurrency() throws Exception {
    Budget global =
        new Budget(BudgetScope.global(), BudgetWindow.LIFETIME, Money.ofNanos(10 * WORST), 0, null);
    Budget tenant =
        new Budget(
            BudgetScope.tenant("acme"), BudgetWindow.LIFETIME, Money.ofNanos(1L << 50), 0, null);
    run(global, tenant, List.of(global, tenant));
  }

  @Test
  void refusalsOnTheSecondBudgetTakeBackTheFirstsRaiseUnderConcurrency() throws Exception {
    Budget tight =
        new Budget(BudgetScope.global(), BudgetWindow.LIFETIME, Money.ofNanos(10 * WORST), 0, null);
    Budget loose =
        new Budget(
            BudgetScope.tenant("acme"), BudgetWindow.LIFETIME, Money.ofNanos(1L << 50), 0, null);
    run(tight, loose, List.of(loose, tight));
  }

  @Test
  void aRefusalLeavesNothingReservedOnTheBudgetsBeforeIt() {
    BudgetLedger ledger = BudgetLedger.inMemory(ZoneOffset.UTC);
    Budget loose =
        new Budget(BudgetScope.tenant("acme"), BudgetWindow.LIFETIME, Money.usd("100"), 0, null);
    Budget tight = new Budget(BudgetScope.global(), BudgetWindow.LIFETIME, Money.usd("1"), 0, null);
    Reservation first = ledger.reserve(List.of(loose, tight), Money.usd("0.75"), NOW);
    BudgetExceededException refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            BudgetExceededException.class,
            () -> ledger.reserve(List.of(loose, tight), Money.usd("0.50"), NOW));
    assertThat(refused.getMessage()).contains("global");
    assertThat(ledger.status(loose, NOW).reserved()).isEqualTo(Money.usd("0.75"));
    assertThat(ledger.status(tight, NOW).reserved()).isEqualTo(Money.usd("0.75"));
    first.release();
    assertThat(ledger.status(loose, NOW).reserved().isZero()).isTrue();
    assertThat(ledger.status(tight, NOW).reserved().isZero()).isTrue();
  }

  private static void run(Budget global, Budget tenant, List<Budget> both) throws Exception {
    BudgetLedger ledger = BudgetLedger.inMemory(ZoneOffset.UTC);
    int threads = 8;
    int rounds = 5_000;
    AtomicInteger held = new AtomicInteger();
    AtomicInteger mostHeld = new AtomicInteger();
    AtomicLong settled = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(t);
      Thread w =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < rounds; i++) {
                    Reservation r;
                    try {
                      r = ledger.reserve(both, Money.ofNanos(WORST), NOW);
                    } catch (BudgetExceededException refused) {
                      continue;
                    }
                    mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                    if (random.nextInt(8) == 0) {
                      long actual = random.nextLong(WORST / 10 + 1);
                      held.decrementAndGet();
                      r.settle(Money.ofNanos(actual));
                      settled.addAndGet(actual);
                    } else {
                      held.decrementAndGet();
                      r.release();
                    }
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      workers.add(w);
      w.start();
    }
    start.countDown();
    for (Thread w : workers) {
      w.join(TimeUnit.MINUTES.toMillis(2));
    }
    assertThat(failures).isEmpty();
    BudgetStatus g = ledger.status(global, NOW);
    BudgetStatus a = ledger.status(tenant, NOW);
    assertThat(g.reserved().isZero()).isTrue();
    assertThat(a.reserved().isZero()).isTrue();
    assertThat(g.spent()).isEqualTo(Money.ofNanos(settled.get()));
    assertThat(a.spent()).isEqualTo(Money.ofNanos(settled.get()));
    assertThat(g.spent().nanos()).isLessThanOrEqualTo(10 * WORST);
    // At most limit / worst case reservations at once. The counter is raised after the ledger
    // admitted and lowered before it let go, so it never counts more than the ledger holds.
    assertThat(mostHeld.get()).isBetween(1, 10);
  }
}
