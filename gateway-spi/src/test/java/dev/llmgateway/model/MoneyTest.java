package dev.llmgateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void holdsDollarsAsExactNanos() {
    assertThat(Money.usd("0.15").nanos()).isEqualTo(150_000_000L);
    assertThat(Money.usd("0.000000001").nanos()).isEqualTo(1L);
    assertThat(Money.usd("1").toUsd()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(Money.usd("0.1").plus(Money.usd("0.2"))).isEqualTo(Money.usd("0.3"));
    assertThat(Money.usd("0.15").times(3).minus(Money.ofNanos(1)).toString())
        .isEqualTo("$0.449999999");
    assertThat(Money.ofNanos(-5).toString()).isEqualTo("-$0.000000005");
  }

  @Test
  void rejectsAmountsThatWouldLosePrecision() {
    assertThatThrownBy(() -> Money.usd("0.0000000001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0000000001");
    assertThatThrownBy(() -> Money.usd("ten dollars"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ten dollars'");
  }

  @Test
  void nullAmountsAreAnIllegalArgumentNotANullPointer() {
    assertThatThrownBy(() -> Money.usd((String) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A dollar amount must not be null (Money.usd(null))");
    assertThatThrownBy(() -> Money.usd((BigDecimal) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A dollar amount must not be null (Money.usd(null))");
  }

  @Test
  void overflowFailsInsteadOfWrapping() {
    assertThatThrownBy(() -> Money.ofNanos(Long.MAX_VALUE).plus(Money.ofNanos(1)))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void unknownCostIsZeroAndLabelled() {
    assertThat(Cost.UNKNOWN.known()).isFalse();
    assertThat(Cost.UNKNOWN.toString()).isEqualTo("cost unknown");
    assertThat(Cost.reported(Money.usd("0.01")).toString()).isEqualTo("$0.010000000");
    assertThatThrownBy(() -> new Cost(Money.ofNanos(1), Cost.Status.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
