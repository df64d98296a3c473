package dev.llmgateway.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.budget.BudgetWindow;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis ledger against a real server: atomic reservations, leases, alerts, windows. */
class RedisBudgetLedgerTest {
  private static RedisServer server;
  private RedisStores a;
  private RedisStores b;
  private static final Instant NOW = Instant.parse("2026-12-04T10:15:30Z");

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void connect() {
    server.flush();
    a = RedisStores.builder(server.uri()).leaseDuration(Duration.ofMillis(300)).build();
    b = RedisStores.builder(server.uri()).leaseDuration(Duration.ofMillis(300)).build();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  private static Budget budget(String team, String usd, int alert) {
    return new Budget(BudgetScope.team(team), BudgetWindow.DAILY, Money.usd(usd), alert, null);
  }

  @Test
  void twoInstancesShareOneBudgetAndSettleIntoIt() {
    BudgetLedger one = a.ledger(ZoneOffset.UTC);
    BudgetLedger two = b.ledger(ZoneOffset.UTC);
    Budget team = budget("support", "1.00", 0);

    Reservation r1 = one.reserve(List.of(team), Money.usd("0.60"), NOW);
    assertThatThrownBy(() -> two.reserve(List.of(team), Money.usd("0.50"), NOW))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("team=support");
    assertThat(r1.settle(Money.usd("0.25"))).isEmpty();
    Reservation r2 = two.reserve(List.of(team), Money.usd("0.50"), NOW);
    r2.release();

    BudgetStatus s = one.status(team, NOW);
    assertThat(s.spent()).isEqualTo(Money.usd("0.25"));
    assertThat(s.reserved()).isEqualTo(Money.ZERO);
    assertThat(s.remaining()).isEqualTo(Money.usd("0.75"));
    assertThat(s.windowStart()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
    assertThat(r1.settle(Money.usd("0.25"))).as("a second end does nothing").isEmpty();
    assertThat(r2.release()).isFalse();
    assertThat(two.status(team, NOW).spent()).isEqualTo(Money.usd("0.25"));
  }

  @Test
  void aReservationOverSeveralBudgetsIsAllOrNothing() {
    BudgetLedger ledger = a.ledger(ZoneOffset.UTC);
    Budget big = budget("big", "10", 0);
    Budget small = budget("small", "0.10", 0);

    assertThatThrownBy(() -> ledger.reserve(List.of(big, small), Money.usd("0.20"), NOW))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("team=small");

    assertThat(ledger.status(big, NOW).reserved()).isEqualTo(Money.ZERO);
    Reservation r = ledger.reserve(List.of(big, small, big), Money.usd("0.05"), NOW);
    assertThat(ledger.status(big, NOW).reserved()).isEqualTo(Money.usd("0.05"));
    assertThat(ledger.status(small, NOW).reserved()).isEqualTo(Money.usd("0.05"));
    r.settle(Money.usd("0.04"));
    assertThat(ledger.status(big, NOW).spent()).isEqualTo(Money.usd("0.04"));
    assertThat(ledger.status(small, NOW).spent()).isEqualTo(Money.usd("0.04"));
  }

  @Test
  void theNextWindowStartsEmpty() {
    BudgetLedger ledger = a.ledger(ZoneOffset.UTC);
    Budget team = budget("support", "1", 0);
    ledger.reserve(List.of(team), Money.usd("0.90"), NOW).settle(Money.usd("0.90"));

    Instant tomorrow = NOW.plus(Duration.ofDays(1));
    assertThat(ledger.status(team, tomorrow).spent()).isEqualTo(Money.ZERO);
    ledger.reserve(List.of(team), Money.usd("0.90"), tomorrow).release();
    assertThat(ledger.status(team, NOW).spent()).isEqualTo(Money.usd("0.90"));
  }

  @Test
  void anExpiredLeaseReturnsItsAmountAndALateSettlementStillCounts() {
    BudgetLedger ledger = a.ledger(ZoneOffset.UTC);
    Budget team = budget("support", "1", 0);
    Reservation held = ledger.reserve(List.of(team), Money.usd("0.70"), NOW);
    assertThat(ledger.status(team, NOW).reserved()).isEqualTo(Money.usd("0.70"));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ledger.status(team, NOW).reserved().equals(Money.ZERO));
    Reservation next = ledger.reserve(List.of(team), Money.usd("0.70"), NOW);

    held.settle(Money.usd("0.10"));
    BudgetStatus s = ledger.status(team, NOW);
    assertThat(s.spent()).isEqualTo(Money.usd("0.10"));
    assertThat(s.reserved()).isEqualTo(Money.usd("0.70"));
    next.release();
  }

  @Test
  void anAlertFiresOnceAcrossInstances() throws Exception {
    Budget team = budget("support", "1", 50);
    BudgetLedger one = a.ledger(ZoneOffset.UTC);
    BudgetLedger two = b.ledger(ZoneOffset.UTC);
    AtomicInteger alerts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        BudgetLedger l = i % 2 == 0 ? one : two;
        done.add(
            pool.submit(
                () -> {
                  List<BudgetStatus> fired =
                      l.reserve(List.of(team), Money.usd("0.02"), NOW).settle(Money.usd("0.02"));
                  alerts.addAndGet(fired.size());
                  fired.forEach(
                      s ->
                          assertThat(s.spent().nanos())
                              .isGreaterThanOrEqualTo(Money.usd("0.50").nanos()));
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(alerts).hasValue(1);
    assertThat(one.status(team, NOW).spent()).isEqualTo(Money.usd("0.80"));
  }
}
