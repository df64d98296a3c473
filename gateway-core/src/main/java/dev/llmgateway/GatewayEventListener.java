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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes calls: override the events you need. Metrics, logs and traces are listeners, not code
 * inside the request path. Added with {@link GatewayClient.Builder#eventListener}.
 *
 * <pre>{@code
 * GatewayEventListener timing = new GatewayEventListener() {
 *   public void callEnd(CallInfo call, Route route) {
 *     histogram.record(route.latency(), route.target().toString());
 *   }
 * };
 * }</pre>
 *
 * <p>Events come in pairs: every {@code callStart} ends in exactly one {@code callEnd} or {@code
 * callFailed}, every {@code attemptStart} in exactly one {@code attemptEnd} or {@code
 * attemptFailed}. A call's order is: {@code callStart}, {@code routeResolved}, then per attempt
 * {@code attemptStart} and its end (with {@code retryScheduled} before a retry and {@code fallback}
 * before the next target's first attempt), then {@code streamFirstChunk} for streams, then the
 * call's end; a successful call's {@code callEnd} is followed by {@code chatFinished} (chat and
 * streams) and {@code callUsage}. A call answered by an interceptor has no route or attempt events;
 * a call answered by the response cache has {@code cacheHit} instead. For streams, {@code callEnd}
 * fires when the stream ended (or {@code callFailed} when it failed or was closed early). Every
 * event's {@link CallInfo#context()} has the tenant's default attribution filled in, {@code
 * callStart}'s too. A hedged call has {@code hedgeStarted}, then both attempts' events (from the
 * executor's threads as well); each attempt that started ends once, the one that lost with {@code
 * attemptFailed} ({@code TIMEOUT}), and one given up before it started reports nothing.
 *
 * <p><b>Rules for implementations.</b> Listeners run synchronously on the thread running the call,
 * never under a lock, concurrently for concurrent calls: they must be thread-safe and fast, and
 * must not throw. The client protects itself anyway: an exception is logged at WARN and the call
 * goes on.
 */
public abstract class GatewayEventListener {
  private static final Logger log = LoggerFactory.getLogger(GatewayEventListener.class);

  /** A listener that ignores every event. */
  public static final GatewayEventListener NONE = new GatewayEventListener() {};

  /** Creates a listener. */
  protected GatewayEventListener() {}

  /**
   * A call started, before validation.
   *
   * @param call the call
   */
  public void callStart(CallInfo call) {}

  /**
   * The call's model was resolved to an ordered plan of targets.
   *
   * @param call the call
   * @param alias the alias the request named, or {@code null} for direct {@code provider/model}
   * @param plan the targets in the order they will be tried, primary first
   */
  public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {}

  /**
   * A provider attempt starts.
   *
   * @param call the call
   * @param target the target
   * @param keyId the id of the key used (never the key)
   * @param attemptNumber the attempt's number within the call, from 1
   */
  public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {}

  /**
   * A provider attempt succeeded (for streams: its first content chunk arrived).
   *
   * @param call the call
   * @param attempt the attempt
   */
  public void attemptEnd(CallInfo call, Attempt attempt) {}

  /**
   * A provider attempt failed.
   *
   * @param call the call
   * @param attempt the attempt, with its error kind
   * @param error the provider's failure
   */
  public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {}

  /**
   * The same target will be tried again after a pause.
   *
   * @param call the call
   * @param target the target to retry
   * @param delay the pause (backoff or the provider's Retry-After)
   */
  public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {}

  /**
   * A stream committed: its first content chunk is about to reach the caller.
   *
   * @param call the call
   * @param target the target that streams
   * @param timeToFirstChunk the time from the call's start
   */
  public void streamFirstChunk(CallInfo call, TargetRef target, Duration timeToFirstChunk) {}

  /**
   * A hedged attempt started because the earlier attempt had not answered within the alias's hedge
   * delay; whichever answers first wins and the other is cancelled.
   *
   * @param call the call
   * @param target the target of the hedged attempt
   * @param after the time the earlier attempt had been running
   */
  public void hedgeStarted(CallInfo call, TargetRef target, Duration after) {}

  /**
   * A circuit breaker of a target and key changed state. Not tied to a call; fires on the thread
   * whose attempt caused it.
   *
   * @param target the target
   * @param keyId the key id
   * @param from the old state
   * @param to the new state
   */
  public void circuitStateChanged(
      TargetRef target, String keyId, CircuitState from, CircuitState to) {}

  /**
   * A key cools down (a rate limit, or a hint that its allowance is spent); the key pool moves to
   * other keys until it ends. Not tied to a call.
   *
   * @param provider the provider name
   * @param keyId the key id
   * @param duration how long
   */
  public void keyCooldown(String provider, String keyId, Duration duration) {}

  /**
   * A key was disabled after an authentication failure (for the whole provider) or a permission
   * failure (for one target). It stays disabled until a trial call succeeds (see {@link
   * GatewayClient.Builder#disabledKeyProbeInterval}), or for the client's lifetime when trial calls
   * are off. Not tied to a call.
   *
   * @param provider the provider name
   * @param keyId the key id
   * @param target the target it is disabled for, or {@code null} for every target of the provider
   * @param kind {@code AUTHENTICATION} or {@code PERMISSION}
   */
  public void keyDisabled(
      String provider, String keyId, @Nullable TargetRef target, ErrorKind kind) {}

  /**
   * A disabled key made its trial call (see {@link GatewayClient.Builder#disabledKeyProbeInterval})
   * and the provider answered it. Fires on the thread of the call that made the trial, once per
   * trial with a verdict; a trial that ends for another reason (a timeout, a 5xx, cancellation) has
   * no verdict, fires nothing, and the next call may try the key again.
   *
   * @param provider the provider name
   * @param keyId the key id
   * @param target the target the trial call went to
   * @param failure {@code null} if the key was accepted (then {@link #keyEnabled} follows), else
   *     {@code AUTHENTICATION} or {@code PERMISSION}: the key stays disabled and its interval
   *     restarts
   */
  public void keyReprobed(
      String provider, String keyId, TargetRef target, @Nullable ErrorKind failure) {}

  /**
   * A disabled key is enabled again because its trial call succeeded; pairs with {@link
   * #keyDisabled}. Not tied to a call.
   *
   * @param provider the provider name
   * @param keyId the key id
   * @param target the target it was disabled for, or {@code null} for every target of the provider
   */
  public void keyEnabled(String provider, String keyId, @Nullable TargetRef target) {}

  /**
   * The call was answered by the response cache (or by an identical call it waited for) without
   * calling a provider; its route says {@code cacheHit} and its cost is zero. Fires before {@code
   * callEnd}, once per hit.
   *
   * @param call the call
   * @param savedCost what the call that produced the cached answer cost, which this call saved
   */
  public void cacheHit(CallInfo call, Cost savedCost) {}

  /**
   * A call's usage record was lost because the usage queue was full (see {@link
   * UsageSpec#whenFull}); fires on the thread of the call, after the call's own end event. Also
   * counted in {@link dev.llmgateway.usage.UsageRecorder#droppedCount()}.
   *
   * @param record the record that was dropped
   * @param droppedTotal the number of records dropped by this client so far, this one included
   */
  public void usageDropped(dev.llmgateway.usage.UsageRecord record, long droppedTotal) {}

  /**
   * The call succeeded.
   *
   * @param call the call
   * @param route how it was served
   */
  public void callEnd(CallInfo call, Route route) {}

  /**
   * The call failed (or a stream was closed before its end, with a {@link
   * java.util.concurrent.CancellationException}).
   *
   * @param call the call
   * @param error the failure the caller sees
   */
  public void callFailed(CallInfo call, Throwable error) {}

  /**
   * A budget's settled spend reached its alert threshold; fires once per budget and window.
   *
   * @param status where the budget stands just after the settlement that crossed the threshold
   */
  public void budgetThresholdReached(dev.llmgateway.budget.BudgetStatus status) {}

  /**
   * A budget refused a call and the call was sent to the budget's downgrade alias instead.
   *
   * @param call the call
   * @param toAlias the alias the call goes to now
   * @param reason the refusal
   */
  public void budgetDowngraded(
      CallInfo call, String toAlias, dev.llmgateway.error.BudgetExceededException reason) {}

  /**
   * The configuration was reloaded from its {@link dev.llmgateway.config.ConfigSource} and now
   * serves new calls; calls under way finish on the configuration they started with. Fires on the
   * client's reload thread ({@code llm-gateway-config-reload}).
   *
   * @param source the configuration's source, such as the file's path
   * @param version the version of the configuration now serving; the first one is 1
   */
  public void configReloaded(String source, long version) {}

  /**
   * A changed configuration was rejected: the last good one keeps serving. Fires on the client's
   * reload thread, after a WARN naming the same problems.
   *
   * @param source the configuration's source, such as the file's path
   * @param problems every problem found, each with its path; never shows a secret
   */
  public void configRejected(String source, List<dev.llmgateway.config.ConfigProblem> problems) {}

  /**
   * The call falls back: a target failed with a kind that moves the call on (see {@link
   * AliasSpec}'s fallback kinds), and the next target of the plan is about to be tried. Fires once
   * per move, just before the next target's first attempt; a WARN log line says the same.
   *
   * @param call the call
   * @param from the target that failed
   * @param to the target tried next
   * @param reason the kind of the failure that made the call move on
   */
  public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {}

  /**
   * The response cache applied to the call but held no answer for it, and no identical call was
   * under way: the call goes to a provider. Fires at most once per call.
   *
   * @param call the call
   */
  public void cacheMiss(CallInfo call) {}

  /**
   * The call's answer was stored in the response cache (a stream's once the caller read it to its
   * end). Fires after the store accepted it; a store that throws fires nothing.
   *
   * @param call the call
   */
  public void cacheStored(CallInfo call) {}

  /**
   * An attempt's worst-case cost was reserved in every budget that applies to it. Fires only when a
   * budget applies. Every reservation ends in exactly one {@link #budgetSettled} or {@link
   * #budgetReleased}.
   *
   * @param call the call
   * @param target the attempt's target
   * @param amount the worst case reserved
   */
  public void budgetReserved(CallInfo call, TargetRef target, dev.llmgateway.model.Money amount) {}

  /**
   * A reservation was settled with the attempt's real cost (for a stream: when it ended, on the
   * thread that ended it).
   *
   * @param call the call
   * @param target the attempt's target
   * @param reserved the worst case that was reserved
   * @param actual the cost charged to the budgets
   */
  public void budgetSettled(
      CallInfo call,
      TargetRef target,
      dev.llmgateway.model.Money reserved,
      dev.llmgateway.model.Money actual) {}

  /**
   * A reservation was released without a charge, because the attempt failed before any answer.
   *
   * @param call the call
   * @param target the attempt's target
   * @param reserved the worst case that was reserved and is free again
   */
  public void budgetReleased(
      CallInfo call, TargetRef target, dev.llmgateway.model.Money reserved) {}

  /**
   * A budget refused an attempt's reservation: the worst case did not fit. The call then goes to
   * the budget's downgrade alias ({@link #budgetDowngraded} follows) or fails with the refusal.
   *
   * @param call the call
   * @param target the target the attempt was for
   * @param reason the refusal
   */
  public void budgetRejected(
      CallInfo call, TargetRef target, dev.llmgateway.error.BudgetExceededException reason) {}

  /**
   * A quota refused the call before routing; the call fails with the refusal.
   *
   * @param call the call
   * @param reason the refusal, with the quota and when it has room again
   */
  public void quotaRejected(CallInfo call, dev.llmgateway.error.QuotaExceededException reason) {}

  /**
   * A provider of the configuration is ready to serve: fires for each provider when the client is
   * built and again when a reloaded configuration is about to serve, on the thread that builds or
   * reloads, before any call uses it. Not tied to a call. Metrics and traces learn here the
   * provider's type ({@code gen_ai.provider.name}) and host ({@code server.address}).
   *
   * @param provider the provider's name in the configuration
   * @param type its type, such as {@code openai}, {@code anthropic} or {@code bedrock}
   * @param serverAddress the host it sends requests to (such as {@code api.openai.com}), or {@code
   *     null} if the provider does not say
   */
  public void providerReady(String provider, String type, @Nullable String serverAddress) {}

  /**
   * A chat or stream call's answer is complete: why the model stopped. Fires once per successful
   * chat or stream call (a cache hit too), on the thread that ends it, after {@code callEnd} (a
   * stream's: when it ended) and before {@link #callUsage}. Traces read the finish reason here
   * ({@code gen_ai.response.finish_reasons}).
   *
   * @param call the call
   * @param finishReason why the model stopped
   */
  public void chatFinished(CallInfo call, dev.llmgateway.model.FinishReason finishReason) {}

  /**
   * A successful call's usage and cost, as its usage record has them (zero cost for a cache hit).
   * Fires once per successful call, on the thread that ends it, after {@code callEnd} (a stream's:
   * when it ended), whether or not usage records are kept. Metrics read tokens and cost here.
   *
   * @param call the call
   * @param route how it was served
   * @param usage the tokens the provider reported, or {@link
   *     dev.llmgateway.model.Usage#NOT_REPORTED}
   * @param cost what the call cost
   */
  public void callUsage(CallInfo call, Route route, dev.llmgateway.model.Usage usage, Cost cost) {}

  /**
   * A listener that passes every event to each of the given listeners, in order. One that throws
   * does not keep the others from their event.
   *
   * @param listeners the listeners
   * @return the composite, or the only listener, or {@link #NONE} if none is given
   */
  public static GatewayEventListener of(List<GatewayEventListener> listeners) {
    List<GatewayEventListener> copy = List.copyOf(listeners);
    if (copy.isEmpty()) {
      return NONE;
    }
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return new Composite(copy);
  }

  /**
   * A listener that passes every event to each of the given listeners, in order.
   *
   * @param listeners the listeners
   * @return the composite
   * @see #of(List)
   */
  public static GatewayEventListener of(GatewayEventListener... listeners) {
    return of(List.of(listeners));
  }

  private static final class Composite extends GatewayEventListener {
    private final List<GatewayEventListener> listeners;

    Composite(List<GatewayEventListener> listeners) {
      this.listeners = listeners;
    }

    private void each(String event, java.util.function.Consumer<GatewayEventListener> action) {
      for (GatewayEventListener l : listeners) {
        try {
          action.accept(l);
        } catch (RuntimeException e) {
          log.warn("GatewayEventListener {} threw from {}; ignoring it", l.getClass(), event, e);
        }
      }
    }

    @Override
    public void budgetThresholdReached(dev.llmgateway.budget.BudgetStatus status) {
      each("budgetThresholdReached", l -> l.budgetThresholdReached(status));
    }

    @Override
    public void budgetDowngraded(
        CallInfo call, String toAlias, dev.llmgateway.error.BudgetExceededException reason) {
      each("budgetDowngraded", l -> l.budgetDowngraded(call, toAlias, reason));
    }

    @Override
    public void callStart(CallInfo call) {
      each("callStart", l -> l.callStart(call));
    }

    @Override
    public void routeResolved(CallInfo call, @Nullable String alias, List<TargetRef> plan) {
      each("routeResolved", l -> l.routeResolved(call, alias, plan));
    }

    @Override
    public void attemptStart(CallInfo call, TargetRef target, String keyId, int attemptNumber) {
      each("attemptStart", l -> l.attemptStart(call, target, keyId, attemptNumber));
    }

    @Override
    public void attemptEnd(CallInfo call, Attempt attempt) {
      each("attemptEnd", l -> l.attemptEnd(call, attempt));
    }

    @Override
    public void attemptFailed(CallInfo call, Attempt attempt, ProviderException error) {
      each("attemptFailed", l -> l.attemptFailed(call, attempt, error));
    }

    @Override
    public void retryScheduled(CallInfo call, TargetRef target, Duration delay) {
      each("retryScheduled", l -> l.retryScheduled(call, target, delay));
    }

    @Override
    public void streamFirstChunk(CallInfo call, TargetRef target, Duration timeToFirstChunk) {
      each("streamFirstChunk", l -> l.streamFirstChunk(call, target, timeToFirstChunk));
    }

    @Override
    public void hedgeStarted(CallInfo call, TargetRef target, Duration after) {
      each("hedgeStarted", l -> l.hedgeStarted(call, target, after));
    }

    @Override
    public void circuitStateChanged(
        TargetRef target, String keyId, CircuitState from, CircuitState to) {
      each("circuitStateChanged", l -> l.circuitStateChanged(target, keyId, from, to));
    }

    @Override
    public void keyCooldown(String provider, String keyId, Duration duration) {
      each("keyCooldown", l -> l.keyCooldown(provider, keyId, duration));
    }

    @Override
    public void keyDisabled(
        String provider, String keyId, @Nullable TargetRef target, ErrorKind kind) {
      each("keyDisabled", l -> l.keyDisabled(provider, keyId, target, kind));
    }

    @Override
    public void keyReprobed(
        String provider, String keyId, TargetRef target, @Nullable ErrorKind failure) {
      each("keyReprobed", l -> l.keyReprobed(provider, keyId, target, failure));
    }

    @Override
    public void keyEnabled(String provider, String keyId, @Nullable TargetRef target) {
      each("keyEnabled", l -> l.keyEnabled(provider, keyId, target));
    }

    @Override
    public void cacheHit(CallInfo call, Cost savedCost) {
      each("cacheHit", l -> l.cacheHit(call, savedCost));
    }

    @Override
    public void usageDropped(dev.llmgateway.usage.UsageRecord record, long droppedTotal) {
      each("usageDropped", l -> l.usageDropped(record, droppedTotal));
    }

    @Override
    public void callEnd(CallInfo call, Route route) {
      each("callEnd", l -> l.callEnd(call, route));
    }

    @Override
    public void callFailed(CallInfo call, Throwable error) {
      each("callFailed", l -> l.callFailed(call, error));
    }

    @Override
    public void configReloaded(String source, long version) {
      each("configReloaded", l -> l.configReloaded(source, version));
    }

    @Override
    public void configRejected(String source, List<dev.llmgateway.config.ConfigProblem> problems) {
      each("configRejected", l -> l.configRejected(source, problems));
    }

    @Override
    public void fallback(CallInfo call, TargetRef from, TargetRef to, ErrorKind reason) {
      each("fallback", l -> l.fallback(call, from, to, reason));
    }

    @Override
    public void cacheMiss(CallInfo call) {
      each("cacheMiss", l -> l.cacheMiss(call));
    }

    @Override
    public void cacheStored(CallInfo call) {
      each("cacheStored", l -> l.cacheStored(call));
    }

    @Override
    public void budgetReserved(CallInfo call, TargetRef target, dev.llmgateway.model.Money amount) {
      each("budgetReserved", l -> l.budgetReserved(call, target, amount));
    }

    @Override
    public void budgetSettled(
        CallInfo call,
        TargetRef target,
        dev.llmgateway.model.Money reserved,
        dev.llmgateway.model.Money actual) {
      each("budgetSettled", l -> l.budgetSettled(call, target, reserved, actual));
    }

    @Override
    public void budgetReleased(
        CallInfo call, TargetRef target, dev.llmgateway.model.Money reserved) {
      each("budgetReleased", l -> l.budgetReleased(call, target, reserved));
    }

    @Override
    public void budgetRejected(
        CallInfo call, TargetRef target, dev.llmgateway.error.BudgetExceededException reason) {
      each("budgetRejected", l -> l.budgetRejected(call, target, reason));
    }

    @Override
    public void quotaRejected(CallInfo call, dev.llmgateway.error.QuotaExceededException reason) {
      each("quotaRejected", l -> l.quotaRejected(call, reason));
    }

    @Override
    public void providerReady(String provider, String type, @Nullable String serverAddress) {
      each("providerReady", l -> l.providerReady(provider, type, serverAddress));
    }

    @Override
    public void chatFinished(CallInfo call, dev.llmgateway.model.FinishReason finishReason) {
      each("chatFinished", l -> l.chatFinished(call, finishReason));
    }

    @Override
    public void callUsage(CallInfo call, Route route, dev.llmgateway.model.Usage usage, Cost cost) {
      each("callUsage", l -> l.callUsage(call, route, usage, cost));
    }

    @Override
    public String toString() {
      return "GatewayEventListener.of(" + listeners + ")";
    }
  }
}
