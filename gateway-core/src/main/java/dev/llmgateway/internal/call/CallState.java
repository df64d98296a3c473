package dev.llmgateway.internal.call;

import dev.llmgateway.CallInfo;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.internal.routing.CallRandom;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Charge;
import dev.llmgateway.internal.spend.PromptEstimates;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.model.Money;
import dev.llmgateway.spi.Cancellation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * What the stages of one call share: its identity, its deadline and attempt cap, its cancellation
 * signal, its listener, and what earlier stages decided (the plan). Confined to the thread running
 * the call, except {@link #cancellation()}, the charges and the streams to end with the call, which
 * are thread-safe.
 */
public final class CallState {
  private volatile CallInfo info;
  private final Cancellation cancellation;
  private final GatewayEventListener events;
  private final Ticker ticker;
  private final long startNanos;
  private final Duration timeout;
  private final long timeoutNanos;
  private final int maxAttempts;
  private final Map<String, String> headers;
  private final CallRandom random;
  private final CallRandom jitter;
  private @Nullable Plan plan;
  private final java.util.concurrent.atomic.AtomicInteger attempts =
      new java.util.concurrent.atomic.AtomicInteger();
  private @Nullable Duration timeToFirstToken;
  private volatile Money savedCost = Money.ZERO;
  private final List<Charge> charges = new CopyOnWriteArrayList<>();
  private final List<ChatStream> endWithCall = new ArrayList<>(1);
  private final PromptEstimates estimates = new PromptEstimates();

  public CallState(
      CallInfo info,
      Cancellation cancellation,
      GatewayEventListener events,
      Ticker ticker,
      long startNanos,
      Duration timeout,
      int maxAttempts,
      Map<String, String> headers,
      CallRandom random) {
    this.info = info;
    this.cancellation = cancellation;
    this.events = events;
    this.ticker = ticker;
    this.startNanos = startNanos;
    this.timeout = timeout;
    // Saturated: a timeout of centuries means "no deadline", never an ArithmeticException.
    this.timeoutNanos = Nanos.of(timeout);
    this.maxAttempts = maxAttempts;
    this.headers = headers;
    this.random = random;
    this.jitter = random.fork();
  }

  /** The call's random source for routing and key order (the one explain predicts). */
  public CallRandom random() {
    return random;
  }

  /** The call's random source for backoff jitter, apart so retries do not shift routing. */
  public CallRandom jitter() {
    return jitter;
  }

  /** The number of attempts started so far (thread-safe: hedged attempts start on the executor). */
  public int attemptsMade() {
    return attempts.get();
  }

  /** For a committed stream, the time from the call's start to its first content chunk. */
  /**
   * The call's prompt estimates, computed only when a stage needs one and at most once per request
   * and tokenizer: quotas, routing and every attempt's budget reservation share them (thread-safe).
   */
  public PromptEstimates estimates() {
    return estimates;
  }

  /** What a cache hit saved: the cost of the call that produced the cached answer. */
  public Money savedCost() {
    return savedCost;
  }

  public void savedCost(Money saved) {
    this.savedCost = saved;
  }

  /**
   * What each provider answer of the call charged its budgets, in the order the reservations were
   * settled. Thread-safe: a stream's charge is added by whichever thread ended it, and read when
   * the call's usage record is built.
   */
  public List<Charge> charges() {
    return List.copyOf(charges);
  }

  public void charged(Charge charge) {
    charges.add(charge);
  }

  /** The number of charges so far (thread-safe). */
  public int chargeCount() {
    return charges.size();
  }

  /**
   * Keeps a stream that {@code proceed()} gave a user interceptor, which answered with a stream of
   * its own (perhaps wrapping it), to be ended when the call ends. Thread-safe.
   */
  public void endWithCall(ChatStream stream) {
    synchronized (endWithCall) {
      endWithCall.add(stream);
    }
  }

  /** Takes the streams to end with the call: each is handed out once. Thread-safe. */
  public List<ChatStream> takeStreamsToEnd() {
    synchronized (endWithCall) {
      if (endWithCall.isEmpty()) {
        return List.of();
      }
      List<ChatStream> out = List.copyOf(endWithCall);
      endWithCall.clear();
      return out;
    }
  }

  public @Nullable Duration timeToFirstToken() {
    return timeToFirstToken;
  }

  public void timeToFirstToken(Duration d) {
    this.timeToFirstToken = d;
  }

  /** The plan, or {@code null} if routing did not run. */
  public @Nullable Plan planOrNull() {
    return plan;
  }

  /** The number of the next attempt, from 1 (thread-safe). */
  public int attemptNumber() {
    return attempts.incrementAndGet();
  }

  public CallInfo info() {
    return info;
  }

  /**
   * Replaces the call's context with the one a tenant's default attribution filled in, so that
   * later events and the usage record carry it. The engine applies the same defaults before the
   * call-start event, so the info usually has them already.
   */
  public void attributed(dev.llmgateway.model.RequestContext context) {
    CallInfo i = info;
    this.info = new CallInfo(i.id(), i.kind(), i.model(), context, i.startedAt());
  }

  public Cancellation cancellation() {
    return cancellation;
  }

  public GatewayEventListener events() {
    return events;
  }

  public Ticker ticker() {
    return ticker;
  }

  public Duration timeout() {
    return timeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The time left before the call's deadline; zero or negative once it passed. The deadline counts
   * from when the call was made ({@code startNanos}), which for an async call is its submission.
   */
  public Duration remaining() {
    return Duration.ofNanos(Nanos.minus(timeoutNanos, ticker.read() - startNanos));
  }

  /** The time since the call started. */
  public Duration elapsed() {
    return Duration.ofNanos(ticker.read() - startNanos);
  }

  public Plan plan() {
    if (plan == null) {
      throw new IllegalStateException("call " + info.id() + " has no plan: route did not run");
    }
    return plan;
  }

  public void plan(Plan plan) {
    this.plan = plan;
  }
}
