package dev.llmgateway.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.Money;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A budget redefined with another limit (a reloaded configuration) keeps its window's spend. */
class LedgerRedefinitionTest {
  private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

  private static Budget monthly(String limit) {
    return new Budget(BudgetScope.global(), BudgetWindow.MONTHLY, Money.usd(limit), 0, null);
  }

  @Test
  void aNewLimitAppliesToTheRunningWindowAndKeepsItsSpend() {
    BudgetLedger ledger = BudgetLedger.inMemory(ZoneOffset.UTC);
    ledger.reserve(List.of(monthly("10")), Money.usd("8"), NOW).settle(Money.usd("8"));

    assertThat(ledger.status(monthly("20"), NOW).spent()).isEqualTo(Money.usd("8"));
    assertThat(ledger.status(monthly("20"), NOW).remaining()).isEqualTo(Money.usd("12"));
    assertThatThrownBy(() -> ledger.reserve(List.of(monthly("10")), Money.usd("5"), NOW))
        .isInstanceOf(BudgetExceededException.class);
    ledger.reserve(List.of(monthly("20")), Money.usd("5"), NOW).settle(Money.usd("5"));
    assertThat(ledger.status(monthly("10"), NOW).spent()).isEqualTo(Money.usd("13"));
  }

  @Test
  void twoDefinitionsOfOneBudgetInOneReservationHoldTheAmountOnce() {
    BudgetLedger ledger = BudgetLedger.inMemory(ZoneOffset.UTC);
    Reservation r = ledger.reserve(List.of(monthly("10"), monthly("20")), Money.usd("3"), NOW);
    assertThat(ledger.status(monthly("10"), NOW).reserved()).isEqualTo(Money.usd("3"));
    r.release();
    assertThat(ledger.status(monthly("10"), NOW).reserved().isZero()).isTrue();
  }
}
