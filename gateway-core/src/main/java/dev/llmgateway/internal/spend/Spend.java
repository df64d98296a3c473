package dev.llmgateway.internal.spend;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetLedger;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.budget.Budgets;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.pricing.PriceCatalog;
import dev.llmgateway.pricing.TokenEstimator;
import dev.llmgateway.pricing.UnknownPricePolicy;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Prices, estimates and budgets of one client: computes each call's {@link Cost} and reserves,
 * settles and releases each attempt's worst case in the {@link BudgetLedger}.
 *
 * @param catalog the prices
 * @param estimator the pre-flight token estimator
 * @param ledger where budgets' spend lives
 * @param budgets the configured budgets, in order
 * @param unknownPrice what calls to unpriced models do under a budget
 * @param clock selects budget windows
 */
public record Spend(
    PriceCatalog catalog,
    TokenEstimator estimator,
    BudgetLedger ledger,
    List<Budget> budgets,
    UnknownPricePolicy unknownPrice,
    Clock clock) {

  /**
   * Output tokens assumed for the worst case of a call without {@code maxTokens} whose model's
   * maximum output is unknown: 8192.
   */
  public static final int DEFAULT_ASSUMED_MAX_OUTPUT_TOKENS = 8192;

  /** A reservation that holds nothing (no budget applies). */
  public static final Reservation NONE =
      new Reservation() {
        @Override
        public Money amount() {
          return Money.ZERO;
        }

        @Override
        public List<BudgetStatus> settle(Money actual) {
          return List.of();
        }

        @Override
        public boolean release() {
          return false;
        }
      };

  /**
   * Copies the budgets.
   *
   * @param catalog the prices
   * @param estimator the pre-flight token estimator
   * @param ledger where budgets' spend lives
   * @param budgets the configured budgets, in order
   * @param unknownPrice what calls to unpriced models do under a budget
   * @param clock selects budget windows
   */
  public Spend {
    budgets = List.copyOf(budgets);
  }

  /** The query view of the budgets. */
  public Budgets view() {
    return new Budgets(budgets, ledger, clock);
  }

  /** The price of a target's model, or null. */
  public @Nullable ModelPrice price(String providerType, TargetRef target) {
    return catalog.find(providerType, target.model()).orElse(null);
  }

  /** The cost of a call from reported usage; UNKNOWN without a price. */
  public static Cost cost(@Nullable ModelPrice price, Usage usage, boolean estimated) {
    if (price == null) {
      return Cost.UNKNOWN;
    }
    Money amount = price.cost(usage);
    return new Cost(amount, estimated ? Cost.Status.ESTIMATED : Cost.Status.REPORTED);
  }

  /**
   * Reserves an attempt's worst case in every budget that applies to it.
   *
   * @param inputTokens the attempt's input estimate, asked only when a budget applies and the price
   *     is known
   * @return the reservation, {@link #NONE} when no budget applies or the price is unknown and
   *     allowed
   * @throws BudgetExceededException if a budget refuses it (its message says what the call needed
   *     and why), or the price is unknown and REJECT
   */
  public Reservation reserve(
      RequestContext context,
      TargetRef target,
      @Nullable ModelPrice price,
      LongSupplier inputTokens,
      @Nullable Integer maxTokens) {
    List<Budget> applicable = applicable(context, target);
    if (applicable == null || unpriced(applicable, target, price)) {
      return NONE;
    }
    ModelPrice known = java.util.Objects.requireNonNull(price);
    long in = inputTokens.getAsLong();
    long out =
        maxTokens != null
            ? maxTokens
            : known.maxOutputTokens() > 0
                ? known.maxOutputTokens()
                : DEFAULT_ASSUMED_MAX_OUTPUT_TOKENS;
    Money worst = known.worstCase(in, out);
    try {
      return ledger.reserve(applicable, worst, clock.instant());
    } catch (BudgetExceededException e) {
      throw refusal(e, target, known, in, out, maxTokens, worst);
    }
  }

  /**
   * Reserves a media call's worst case (images, audio) in every budget that applies to it.
   *
   * @param worst the worst case, or {@code null} when the target's price cannot cost the call
   * @param what how the worst case was reached, for a refusal's message (such as "2 images of
   *     1024x1024, hd, at $0.08 each")
   * @return the reservation, {@link #NONE} when no budget applies or the price is unknown and
   *     allowed
   * @throws BudgetExceededException if a budget refuses it, or the price is unknown and REJECT
   */
  public Reservation reserve(
      RequestContext context, TargetRef target, @Nullable Money worst, String what) {
    List<Budget> applicable = applicable(context, target);
    if (applicable == null || worst == null && unpriced(applicable, target, null)) {
      return NONE;
    }
    Money amount = java.util.Objects.requireNonNull(worst);
    try {
      return ledger.reserve(applicable, amount, clock.instant());
    } catch (BudgetExceededException e) {
      BigDecimal left =
          e.limitUsd().subtract(e.spentUsd()).subtract(e.reservedUsd()).max(BigDecimal.ZERO);
      String message =
          "Budget '"
              + e.scope()
              + "' of $"
              + usd(e.limitUsd())
              + " would be exceeded: this call on "
              + target
              + " needs up to $"
              + usd(amount.toUsd())
              + ", its worst case: "
              + what
              + "; the budget has $"
              + usd(e.spentUsd())
              + " spent, $"
              + usd(e.reservedUsd())
              + " reserved by calls in flight, $"
              + usd(left)
              + " left.";
      throw new BudgetExceededException(
          message, e.scope(), e.limitUsd(), e.spentUsd(), e.reservedUsd(), amount.toUsd(), null);
    }
  }

  /** The budgets that apply to a call on a target, or null if none does. */
  private @Nullable List<Budget> applicable(RequestContext context, TargetRef target) {
    if (budgets.isEmpty()) {
      return null;
    }
    List<Budget> applicable = null;
    for (Budget b : budgets) {
      if (b.scope().matches(context, target)) {
        if (applicable == null) {
          applicable = new ArrayList<>(2);
        }
        applicable.add(b);
      }
    }
    return applicable;
  }

  /**
   * Whether an unpriced call passes without a reservation (ALLOW); throws for REJECT. False when
   * the price is known.
   */
  private boolean unpriced(List<Budget> applicable, TargetRef target, @Nullable ModelPrice price) {
    if (price != null) {
      return false;
    }
    if (unknownPrice == UnknownPricePolicy.ALLOW) {
      return true;
    }
    Budget b = applicable.get(0);
    BudgetStatus s = ledger.status(b, clock.instant());
    throw new BudgetExceededException(
        b + " cannot price " + target + " (UnknownPricePolicy.REJECT)",
        b.limit().toUsd(),
        s.spent().toUsd(),
        s.reserved().toUsd());
  }

  /**
   * The ledger's refusal, with what the call needed and why: its worst case, as estimated input
   * tokens and output tokens at the model's prices, and how to lower it.
   */
  private static BudgetExceededException refusal(
      BudgetExceededException e,
      TargetRef target,
      ModelPrice price,
      long in,
      long out,
      @Nullable Integer maxTokens,
      Money worst) {
    Money inputPrice =
        price.inputPerMillion().compareTo(price.cacheWritePerMillion()) >= 0
            ? price.inputPerMillion()
            : price.cacheWritePerMillion();
    String outputs;
    String advice;
    if (maxTokens != null) {
      outputs = String.format(java.util.Locale.ROOT, "%,d output tokens (maxTokens)", out);
      advice = "Lower maxTokens to lower the worst case.";
    } else {
      outputs =
          String.format(
              java.util.Locale.ROOT,
              price.maxOutputTokens() > 0
                  ? "%,d output tokens (the model's maximum output: the request sets no maxTokens)"
                  : "%,d output tokens (assumed: the request sets no maxTokens and the model's"
                      + " maximum output is unknown)",
              out);
      advice = "Set maxTokens to lower the worst case.";
    }
    BigDecimal left =
        e.limitUsd().subtract(e.spentUsd()).subtract(e.reservedUsd()).max(BigDecimal.ZERO);
    String message =
        String.format(
            java.util.Locale.ROOT,
            "Budget '%s' of $%s would be exceeded: this call on %s needs up to $%s, its worst case:"
                + " %,d estimated input tokens x $%s + %s x $%s per million tokens; the budget has"
                + " $%s spent, $%s reserved by calls in flight, $%s left. %s",
            e.scope(),
            usd(e.limitUsd()),
            target,
            usd(worst.toUsd()),
            in,
            usd(inputPrice.toUsd()),
            outputs,
            usd(price.outputPerMillion().toUsd()),
            usd(e.spentUsd()),
            usd(e.reservedUsd()),
            usd(left),
            advice);
    return new BudgetExceededException(
        message, e.scope(), e.limitUsd(), e.spentUsd(), e.reservedUsd(), worst.toUsd(), null);
  }

  /** A dollar amount for messages: no trailing zeros, at least two decimals (0.00, 0.000375). */
  private static String usd(BigDecimal amount) {
    BigDecimal s = amount.stripTrailingZeros();
    return (s.scale() < 2 ? s.setScale(2) : s).toPlainString();
  }

  /** Settles a reservation and reports crossed alert thresholds, outside any lock. */
  public static void settle(Reservation r, Money actual, GatewayEventListener events) {
    List<BudgetStatus> alerts = r.settle(actual);
    for (BudgetStatus s : alerts) {
      events.budgetThresholdReached(s);
    }
  }

  /**
   * The token counts a chat answer is charged for: the reported ones, and where the provider did
   * not report its input or output count, the estimate (the prompt's estimate; the answer's text
   * and refusal).
   *
   * @param providerType the target's provider type, for the tokenizer
   * @param model the target's model
   * @param inputTokens the prompt's estimate, asked only when the input count is not reported
   * @param response the answer
   * @return the counts to charge
   */
  public Usage chargedUsage(
      String providerType, String model, LongSupplier inputTokens, ChatResponse response) {
    Usage usage = response.usage();
    if (usage.isReported()) {
      return usage;
    }
    long in = usage.isReported(Usage.Count.INPUT) ? usage.inputTokens() : inputTokens.getAsLong();
    long out = usage.outputTokens();
    if (!usage.isReported(Usage.Count.OUTPUT)) {
      String produced =
          response.refusal() == null ? response.text() : response.text() + response.refusal();
      out = estimator.estimateText(providerType, model, produced);
    }
    return Usage.of(in, out);
  }

  /** The downgrade alias of the budget that refused a call, or null. */
  public @Nullable String downgradeFor(BudgetExceededException e) {
    for (Budget b : budgets) {
      if (b.downgradeAlias() != null && b.toString().equals(e.scope())) {
        return b.downgradeAlias();
      }
    }
    return null;
  }
}
