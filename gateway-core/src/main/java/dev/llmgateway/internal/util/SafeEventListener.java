package dev.llmgateway.internal.util;

import dev.llmgateway.CallInfo;
import dev.llmgateway.GatewayEventListener;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes events to the user's listener and keeps its exceptions out of the call. */
public final class SafeEventListener extends GatewayEventListener {
  private static final Logger log = LoggerFactory.getLogger(SafeEventListener.class);

  private final GatewayEventListener delegate;

  public SafeEventListener(GatewayEventListener delegate) {
    this.delegate = delegate;
  }

  private void warn(String event, RuntimeException e) {
    log.warn(
        "GatewayEventListener {} threw from {}; ignoring it. Listeners must not throw.",
        delegate.getClass().getName(),
        event,
        e);
  }

  @Override
  public void callStart(CallInfo call) {
    try {
      delegate.callStart(call);
    } catch (RuntimeException e) {
      warn("callStart", e);
    }
  }

  @Override
  public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {
    try {
      delegate.routeResolved(call, alias, plan);
    } catch (RuntimeException e) {
      warn("routeResolved", e);
    }
  }

  @Override
  public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {
    try {
      delegate.attemptStart(call, target, keyId, attemptNumber);
    } catch (RuntimeException e) {
      warn("attemptStart", e);
    }
  }

  @Override
  public void attemptEnd(CallInfo call, Attempt attempt) {
    try {
      delegate.attemptEnd(call, attempt);
    } catch (RuntimeException e) {
      warn("attemptEnd", e);
    }
  }

  @Override
  public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {
    try {
      delegate.attemptFailed(call, attempt, error);
    } catch (RuntimeException e) {
      warn("attemptFailed", e);
    }
  }

  @Override
  public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {
    try {
      delegate.retryScheduled(call, target, delay);
    } catch (RuntimeException e) {
      warn("retryScheduled", e);
    }
  }

  @Override
  public void streamFirstChunk(CallInfo call, TargetRef target, Duration timeToFirstChunk) {
    try {
      delegate.streamFirstChunk(call, target, timeToFirstChunk);
    } catch (RuntimeException e) {
      warn("streamFirstChunk", e);
    }
  }

  @Override
  public void cacheHit(CallInfo call, Cost savedCost) {
    try {
      delegate.cacheHit(call, savedCost);
    } catch (RuntimeException e) {
      warn("cacheHit", e);
    }
  }

  @Override
  public void callEnd(CallInfo call, Route route) {
    try {
      delegate.callEnd(call, route);
    } catch (RuntimeException e) {
      warn("callEnd", e);
    }
  }

  @Override
  public void callFailed(CallInfo call, Throwable error) {
    try {
      delegate.callFailed(call, error);
    } catch (RuntimeException e) {
      warn("callFailed", e);
    }
  }

  @Override
  public void hedgeStarted(CallInfo call, TargetRef target, Duration after) {
    try {
      delegate.hedgeStarted(call, target, after);
    } catch (RuntimeException e) {
      warn("hedgeStarted", e);
    }
  }

  @Override
  public void circuitStateChanged(
      TargetRef target, String keyId, CircuitState from, CircuitState to) {
    try {
      delegate.circuitStateChanged(target, keyId, from, to);
    } catch (RuntimeException e) {
      warn("circuitStateChanged", e);
    }
  }

  @Override
  public void keyCooldown(String provider, String keyId, Duration duration) {
    try {
      delegate.keyCooldown(provider, keyId, duration);
    } catch (RuntimeException e) {
      warn("keyCooldown", e);
    }
  }

  @Override
  public void keyDisabled(
      String provider, String keyId, @Nullable TargetRef target, ErrorKind kind) {
    try {
      delegate.keyDisabled(provider, keyId, target, kind);
    } catch (RuntimeException e) {
      warn("keyDisabled", e);
    }
  }

  @Override
  public void keyReprobed(
      String provider, String keyId, TargetRef target, @Nullable ErrorKind failure) {
    try {
      delegate.keyReprobed(provider, keyId, target, failure);
    } catch (RuntimeException e) {
      warn("keyReprobed", e);
    }
  }

  @Override
  public void keyEnabled(String provider, String keyId, @Nullable TargetRef target) {
    try {
      delegate.keyEnabled(provider, keyId, target);
    } catch (RuntimeException e) {
      warn("keyEnabled", e);
    }
  }

  @Override
  public void usageDropped(dev.llmgateway.usage.UsageRecord record, long droppedTotal) {
    try {
      delegate.usageDropped(record, droppedTotal);
    } catch (RuntimeException e) {
      warn("usageDropped", e);
    }
  }

  @Override
  public void budgetThresholdReached(dev.llmgateway.budget.BudgetStatus status) {
    try {
      delegate.budgetThresholdReached(status);
    } catch (RuntimeException e) {
      warn("budgetThresholdReached", e);
    }
  }

  @Override
  public void budgetDowngraded(
      CallInfo call, String toAlias, dev.llmgateway.error.BudgetExceededException reason) {
    try {
      delegate.budgetDowngraded(call, toAlias, reason);
    } catch (RuntimeException e) {
      warn("budgetDowngraded", e);
    }
  }

  @Override
  public void configReloaded(String source, long version) {
    try {
      delegate.configReloaded(source, version);
    } catch (RuntimeException e) {
      warn("configReloaded", e);
    }
  }

  @Override
  public void configRejected(String source, List<dev.llmgateway.config.ConfigProblem> problems) {
    try {
      delegate.configRejected(source, problems);
    } catch (RuntimeException e) {
      warn("configRejected", e);
    }
  }

  @Override
  public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {
    try {
      delegate.fallback(call, from, to, reason);
    } catch (RuntimeException e) {
      warn("fallback", e);
    }
  }

  @Override
  public void cacheMiss(CallInfo call) {
    try {
      delegate.cacheMiss(call);
    } catch (RuntimeException e) {
      warn("cacheMiss", e);
    }
  }

  @Override
  public void cacheStored(CallInfo call) {
    try {
      delegate.cacheStored(call);
    } catch (RuntimeException e) {
      warn("cacheStored", e);
    }
  }

  @Override
  public void budgetReserved(CallInfo call, TargetRef target, dev.llmgateway.model.Money amount) {
    try {
      delegate.budgetReserved(call, target, amount);
    } catch (RuntimeException e) {
      warn("budgetReserved", e);
    }
  }

  @Override
  public void budgetSettled(
      CallInfo call,
      TargetRef target,
      dev.llmgateway.model.Money reserved,
      dev.llmgateway.model.Money actual) {
    try {
      delegate.budgetSettled(call, target, reserved, actual);
    } catch (RuntimeException e) {
      warn("budgetSettled", e);
    }
  }

  @Override
  public void budgetReleased(CallInfo call, TargetRef target, dev.llmgateway.model.Money reserved) {
    try {
      delegate.budgetReleased(call, target, reserved);
    } catch (RuntimeException e) {
      warn("budgetReleased", e);
    }
  }

  @Override
  public void budgetRejected(
      CallInfo call, TargetRef target, dev.llmgateway.error.BudgetExceededException reason) {
    try {
      delegate.budgetRejected(call, target, reason);
    } catch (RuntimeException e) {
      warn("budgetRejected", e);
    }
  }

  @Override
  public void quotaRejected(CallInfo call, dev.llmgateway.error.QuotaExceededException reason) {
    try {
      delegate.quotaRejected(call, reason);
    } catch (RuntimeException e) {
      warn("quotaRejected", e);
    }
  }

  @Override
  public void providerReady(String provider, String type, @Nullable String serverAddress) {
    try {
      delegate.providerReady(provider, type, serverAddress);
    } catch (RuntimeException e) {
      warn("providerReady", e);
    }
  }

  @Override
  public void chatFinished(CallInfo call, dev.llmgateway.model.FinishReason finishReason) {
    try {
      delegate.chatFinished(call, finishReason);
    } catch (RuntimeException e) {
      warn("chatFinished", e);
    }
  }

  @Override
  public void callUsage(CallInfo call, Route route, dev.llmgateway.model.Usage usage, Cost cost) {
    try {
      delegate.callUsage(call, route, usage, cost);
    } catch (RuntimeException e) {
      warn("callUsage", e);
    }
  }
}
