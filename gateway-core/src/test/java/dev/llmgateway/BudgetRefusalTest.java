package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.pricing.ModelPrice;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A budget refusal says what the call needed, how that was computed and how to lower it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BudgetRefusalTest {
  /** $1 per million tokens: 1000 nano-dollars per token. */
  private static final Money ONE = Money.usd("1");

  private final ScriptedProvider a = new ScriptedProvider("a");

  private GatewayClient client(String limitUsd) {
    return builder(a)
        .tokenEstimator(QuarterTokenEstimator.INSTANCE)
        .prices(
            p ->
                p.model("scripted", "m1", ONE, ONE)
                    .model(new ModelPrice("scripted", "m2", ONE, ONE, ONE, ONE, 0, 4_096)))
        .budget(b -> b.scope(BudgetScope.global()).lifetime(Money.usd(limitUsd)))
        .build();
  }

  /** "hello" is 2 estimated tokens with the quarter estimator. */
  private static ChatRequest hello(String model, Integer maxTokens) {
    ChatRequest.Builder b = ChatRequest.builder().model(model).user("hello");
    if (maxTokens != null) {
      b.maxTokens(maxTokens);
    }
    return b.build();
  }

  @Test
  void refusalExplainsTheWorstCaseAndThatLoweringMaxTokensLowersIt() {
    try (GatewayClient gateway = client("0.0001")) {
      BudgetExceededException e =
          catchThrowableOfType(
              BudgetExceededException.class, () -> gateway.chat(hello("a/m1", 200)));
      assertThat(e.getMessage())
          .isEqualTo(
              "Budget 'global (LIFETIME 0.0001 USD)' of $0.0001 would be exceeded: this call on"
                  + " a/m1 needs up to $0.000202, its worst case: 2 estimated input tokens x $1.00"
                  + " + 200 output tokens (maxTokens) x $1.00 per million tokens; the budget has"
                  + " $0.00 spent, $0.00 reserved by calls in flight, $0.0001 left. Lower"
                  + " maxTokens to lower the worst case.");
      assertThat(e.requiredUsd()).contains(new BigDecimal("0.000202000"));
      assertThat(e.scope()).isEqualTo("global (LIFETIME 0.0001 USD)");
      assertThat(e.limitUsd()).isEqualByComparingTo("0.0001");
      assertThat(a.calls).isEmpty();

      // As the message says: with fewer output tokens the worst case fits.
      assertThat(gateway.chat(hello("a/m1", 50)).text()).isEqualTo("ok from a/m1");
    }
  }

  @Test
  void refusalCountsWhatIsSpentAndReserved() {
    try (GatewayClient gateway = client("0.0002")) {
      gateway.chat(hello("a/m1", 10)); // the scripted answer uses 10 + 5 tokens: $0.000015
      BudgetExceededException e =
          catchThrowableOfType(
              BudgetExceededException.class, () -> gateway.chat(hello("a/m1", 190)));
      assertThat(e.getMessage())
          .contains("needs up to $0.000192,")
          .contains("$0.000015 spent, $0.00 reserved by calls in flight, $0.000185 left.");
      assertThat(e.spentUsd()).isEqualByComparingTo("0.000015");
    }
  }

  @Test
  void withoutMaxTokensTheModelsMaximumOutputIsChargedAndTheMessageSaysSo() {
    try (GatewayClient gateway = client("0.001")) {
      BudgetExceededException e =
          catchThrowableOfType(
              BudgetExceededException.class, () -> gateway.chat(hello("a/m2", null)));
      assertThat(e.getMessage())
          .contains("needs up to $0.004098,")
          .contains(
              "2 estimated input tokens x $1.00 + 4,096 output tokens (the model's maximum"
                  + " output: the request sets no maxTokens) x $1.00 per million tokens")
          .endsWith("Set maxTokens to lower the worst case.");
    }
  }

  @Test
  void withoutMaxTokensOrAKnownMaximumTheAssumedOutputIsNamed() {
    try (GatewayClient gateway = client("0.001")) {
      BudgetExceededException e =
          catchThrowableOfType(
              BudgetExceededException.class, () -> gateway.chat(hello("a/m1", null)));
      assertThat(e.getMessage())
          .contains(
              "8,192 output tokens (assumed: the request sets no maxTokens and the model's"
                  + " maximum output is unknown)")
          .endsWith("Set maxTokens to lower the worst case.");
    }
  }
}
