package dev.llmgateway.internal.usage;

import dev.llmgateway.CallInfo;
import dev.llmgateway.error.AllTargetsFailedException;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.error.CapacityUnavailableException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.error.QuotaExceededException;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.error.TenantPolicyException;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.Usage;
import dev.llmgateway.usage.UsageOutcome;
import dev.llmgateway.usage.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Builds a call's {@link UsageRecord} from its answer or its failure. Runs on the caller's thread:
 * only field reads and one allocation, no I/O, no formatting.
 */
public final class UsageRecords {
  private UsageRecords() {}

  /**
   * The record of a call that succeeded. {@code extra} is what the call charged besides its answer
   * (provider answers that a user interceptor got from {@code proceed()} and did not pass on): it
   * is added to the record's usage and cost, so that the record says what the budgets were charged.
   */
  public static UsageRecord success(
      CallInfo info,
      Instant time,
      Route route,
      Usage usage,
      Cost cost,
      @Nullable Duration timeToFirstToken,
      Money savedCost,
      @Nullable Charge extra) {
    TargetRef target = route.target();
    // A hit consumed no provider tokens; what it would have cost is in savedCost.
    Usage used = route.cacheHit() ? Usage.ZERO : usage;
    if (extra != null) {
      used = used.plus(extra.usage());
      cost = Charge.plus(cost, extra.cost());
    }
    return new UsageRecord(
        info.id(),
        time,
        info.kind(),
        info.context(),
        info.model(),
        route.alias(),
        target.provider(),
        target.model(),
        route.keyId(),
        used,
        cost,
        route.latency(),
        timeToFirstToken,
        route.cacheHit(),
        route.cacheHit() ? savedCost : Money.ZERO,
        route.attempts().size(),
        UsageOutcome.SUCCESS,
        null,
        null);
  }

  /**
   * The record of a call that did not succeed. A committed stream that ended early (closed,
   * cancelled, broken, abandoned) was charged for what it consumed, and so was an answer that an
   * interceptor got from {@code proceed()} before it threw: {@code charge} (the sum of the call's
   * charges) then gives the record its settled cost, the usage that cost was computed from, and the
   * target, key and attempts of the last one, whatever the error says.
   */
  public static UsageRecord failure(
      CallInfo info,
      Instant time,
      @Nullable String alias,
      int attemptsMade,
      Duration latency,
      @Nullable Duration timeToFirstToken,
      boolean cancelled,
      Throwable error,
      @Nullable Charge charge) {
    Failed f = Failed.of(error, attemptsMade);
    UsageOutcome outcome = f.outcome;
    ErrorKind kind = f.kind;
    String provider = f.provider;
    String model = f.model;
    String keyId = f.keyId;
    int attempts = f.attempts;
    Usage usage = f.usage;
    if (cancelled) {
      // The caller gave up; what the provider then said (often NETWORK) is not a provider failure.
      outcome = UsageOutcome.CANCELLED;
    }
    Cost cost = Cost.UNKNOWN;
    if (charge != null) {
      provider = charge.target().provider();
      model = charge.target().model();
      keyId = charge.keyId();
      attempts = charge.attempts();
      usage = charge.usage();
      cost = charge.cost();
    }
    return new UsageRecord(
        info.id(),
        time,
        info.kind(),
        info.context(),
        info.model(),
        alias,
        provider,
        model,
        keyId,
        usage,
        cost,
        latency,
        timeToFirstToken,
        false,
        Money.ZERO,
        attempts,
        outcome,
        kind,
        error.getClass().getSimpleName());
  }

  /** What a failure says about the call: its outcome, last target and key, attempts and usage. */
  private static final class Failed {
    UsageOutcome outcome = UsageOutcome.FAILURE;
    @Nullable ErrorKind kind;
    @Nullable String provider;
    @Nullable String model;
    @Nullable String keyId;
    int attempts;
    Usage usage = Usage.ZERO;

    static Failed of(Throwable error, int attemptsMade) {
      Failed f = new Failed();
      f.attempts = attemptsMade;
      if (error instanceof CancellationException) {
        f.outcome = UsageOutcome.CANCELLED;
      } else if (error instanceof InvalidRequestException
          || error instanceof NoRouteException
          || error instanceof BudgetExceededException
          || error instanceof QuotaExceededException
          || error instanceof TenantPolicyException) {
        f.outcome = UsageOutcome.REFUSED;
      } else if (error instanceof AllTargetsFailedException e) {
        List<Attempt> all = e.attempts();
        f.attempts = all.size();
        f.kind = e.lastKind();
        if (!all.isEmpty()) {
          Attempt last = all.get(all.size() - 1);
          f.provider = last.target().provider();
          f.model = last.target().model();
          f.keyId = last.keyId();
        }
      } else if (error instanceof StreamInterruptedException e) {
        List<Attempt> all = e.attempts();
        f.attempts = all.size();
        f.provider = e.target().provider();
        f.model = e.target().model();
        f.usage = e.usage();
        if (!all.isEmpty()) {
          Attempt last = all.get(all.size() - 1);
          f.keyId = last.keyId();
          f.kind = last.errorKind();
        }
      } else if (error instanceof ProviderException e) {
        f.outcome = e instanceof CapacityUnavailableException ? UsageOutcome.REFUSED : f.outcome;
        f.kind = e.kind();
        f.provider = e.provider();
        f.model = e.model().orElse(null);
      }
      return f;
    }
  }
}
