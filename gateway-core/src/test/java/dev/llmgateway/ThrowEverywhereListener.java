package dev.llmgateway;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Throws from every event {@link GatewayEventListener} has; {@code ThrowingListenerTest} checks
 * that it overrides them all, so a new event cannot be forgotten here.
 */
class ThrowEverywhereListener extends GatewayEventListener {
  @Override
  public void callStart(CallInfo call) {
    throw new IllegalStateException("listener failure from callStart");
  }

  @Override
  public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {
    throw new IllegalStateException("listener failure from routeResolved");
  }

  @Override
  public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {
    throw new IllegalStateException("listener failure from attemptStart");
  }

  @Override
  public void attemptEnd(CallInfo call, Attempt attempt) {
    throw new IllegalStateException("listener failure from attemptEnd");
  }

  @Override
  public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {
    throw new IllegalStateException("listener failure from attemptFailed");
  }

  @Override
  public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {
    throw new IllegalStateException("listener failure from retryScheduled");
  }

  @Override
  public void streamFirstChunk(CallInfo call, TargetRef target, Duration timeToFirstChunk) {
    throw new IllegalStateException("listener failure from streamFirstChunk");
  }

  @Override
  public void hedgeStarted(CallInfo call, TargetRef target, Duration after) {
    throw new IllegalStateException("listener failure from hedgeStarted");
  }

  @Override
  public void circuitStateChanged(
      TargetRef target, String keyId, CircuitState from, CircuitState to) {
    throw new IllegalStateException("listener failure from circuitStateChanged");
  }

  @Override
  public void keyCooldown(String provider, String keyId, Duration duration) {
    throw new IllegalStateException("listener failure from keyCooldown");
  }

  @Override
  public void keyDisabled(
      String provider, String keyId, @Nullable TargetRef target, ErrorKind kind) {
    throw new IllegalStateException("listener failure from keyDisabled");
  }

  @Override
  public void keyReprobed(
      String provider, String keyId, TargetRef target, @Nullable ErrorKind failure) {
    throw new IllegalStateException("listener failure from keyReprobed");
  }

  @Override
  public void keyEnabled(String provider, String keyId, @Nullable TargetRef target) {
    throw new IllegalStateException("listener failure from keyEnabled");
  }

  @Override
  public void cacheHit(CallInfo call, Cost savedCost) {
    throw new IllegalStateException("listener failure from cacheHit");
  }

  @Override
  public void usageDropped(dev.llmgateway.usage.UsageRecord record, long droppedTotal) {
    throw new IllegalStateException("listener failure from usageDropped");
  }

  @Override
  public void callEnd(CallInfo call, Route route) {
    throw new IllegalStateException("listener failure from callEnd");
  }

  @Override
  public void callFailed(CallInfo call, Throwable error) {
    throw new IllegalStateException("listener failure from callFailed");
  }

  @Override
  public void budgetThresholdReached(dev.llmgateway.budget.BudgetStatus status) {
    throw new IllegalStateException("listener failure from budgetThresholdReached");
  }

  @Override
  public void budgetDowngraded(
      CallInfo call, String toAlias, dev.llmgateway.error.BudgetExceededException reason) {
    throw new IllegalStateException("listener failure from budgetDowngraded");
  }

  @Override
  public void configReloaded(String source, long version) {
    throw new IllegalStateException("listener failure from configReloaded");
  }

  @Override
  public void configRejected(String source, List<dev.llmgateway.config.ConfigProblem> problems) {
    throw new IllegalStateException("listener failure from configRejected");
  }

  @Override
  public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {
    throw new IllegalStateException("listener failure from fallback");
  }

  @Override
  public void cacheMiss(CallInfo call) {
    throw new IllegalStateException("listener failure from cacheMiss");
  }

  @Override
  public void cacheStored(CallInfo call) {
    throw new IllegalStateException("listener failure from cacheStored");
  }

  @Override
  public void budgetReserved(CallInfo call, TargetRef target, dev.llmgateway.model.Money amount) {
    throw new IllegalStateException("listener failure from budgetReserved");
  }

  @Override
  public void budgetSettled(
      CallInfo call,
      TargetRef target,
      dev.llmgateway.model.Money reserved,
      dev.llmgateway.model.Money actual) {
    throw new IllegalStateException("listener failure from budgetSettled");
  }

  @Override
  public void budgetReleased(CallInfo call, TargetRef target, dev.llmgateway.model.Money reserved) {
    throw new IllegalStateException("listener failure from budgetReleased");
  }

  @Override
  public void budgetRejected(
      CallInfo call, TargetRef target, dev.llmgateway.error.BudgetExceededException reason) {
    throw new IllegalStateException("listener failure from budgetRejected");
  }

  @Override
  public void quotaRejected(CallInfo call, dev.llmgateway.error.QuotaExceededException reason) {
    throw new IllegalStateException("listener failure from quotaRejected");
  }

  @Override
  public void providerReady(String provider, String type, @Nullable String serverAddress) {
    throw new IllegalStateException("listener failure from providerReady");
  }

  @Override
  public void chatFinished(CallInfo call, dev.llmgateway.model.FinishReason finishReason) {
    throw new IllegalStateException("listener failure from chatFinished");
  }

  @Override
  public void callUsage(CallInfo call, Route route, dev.llmgateway.model.Usage usage, Cost cost) {
    throw new IllegalStateException("listener failure from callUsage");
  }
}
