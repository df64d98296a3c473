package dev.llmgateway.internal.attempt;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.budget.Reservation;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.resilience.Permit;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.spend.Spend;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One attempt under way: what the plan loop asked for (target, keys to try, time allotted,
 * cancellation) and what the attempt steps took for it (key, permit, reservation). Confined to the
 * thread that runs the attempt: the call's thread, or the executor's for a hedged attempt.
 */
public final class AttemptContext {
  private final CallState state;
  private final GatewayRequest request;
  private final Plan.PlannedTarget target;
  private final List<ProviderKey> keys;
  private final Capacity capacity;
  private final Cancellation cancellation;
  private final Duration allotted;
  private final boolean hedged;
  private final @Nullable HedgeStart hedgeStart;
  private @Nullable ChatRequest applied;
  // Volatile: the call's thread reads a hedged attempt's key for the record of a lost hedge.
  private volatile @Nullable ProviderKey key;
  private Resilience.@Nullable KeyStatus status;
  private @Nullable Permit permit;
  private int number;
  private long startNanos;
  private long tookNanos;
  private Reservation reservation = Spend.NONE;
  private @Nullable ModelPrice price;
  private LongSupplier inputTokens = () -> 0;
  private long coolingUntil = Long.MIN_VALUE;

  AttemptContext(
      CallState state,
      GatewayRequest request,
      Plan.PlannedTarget target,
      List<ProviderKey> keys,
      Capacity capacity,
      Cancellation cancellation,
      Duration allotted,
      boolean hedged) {
    this.state = state;
    this.request = request;
    this.target = target;
    this.keys = keys;
    this.capacity = capacity;
    this.cancellation = cancellation;
    this.allotted = allotted;
    this.hedged = hedged;
    this.hedgeStart = hedged ? new HedgeStart() : null;
  }

  /** A hedged attempt's start state, shared with the call's thread; null for other attempts. */
  @Nullable HedgeStart hedgeStart() {
    return hedgeStart;
  }

  /** The call the attempt belongs to. */
  public CallState state() {
    return state;
  }

  /** The call's request, as it reached the attempt stage. */
  public GatewayRequest request() {
    return request;
  }

  /** A chat call's request with the target's model and overrides applied; computed once. */
  public ChatRequest chatRequest() {
    ChatRequest a = applied;
    if (a == null) {
      a = target.config().apply(((GatewayRequest.Chat) request).request());
      applied = a;
    }
    return a;
  }

  /** The target the attempt goes to. */
  public Plan.PlannedTarget target() {
    return target;
  }

  /** The keys the key step may take, in order. */
  List<ProviderKey> keys() {
    return keys;
  }

  /** Where the key step notes why a key could not take the attempt. */
  Capacity capacity() {
    return capacity;
  }

  /** The attempt's cancellation: the call's, or a hedged attempt's own child of it. */
  public Cancellation cancellation() {
    return cancellation;
  }

  /** The time the attempt may take: what the call had left when it started. */
  public Duration allotted() {
    return allotted;
  }

  /** Whether the attempt runs as part of a hedge. */
  public boolean hedged() {
    return hedged;
  }

  /** The key taken, once the key step chose it. */
  public ProviderKey key() {
    if (key == null) {
      throw new IllegalStateException("no key chosen yet");
    }
    return key;
  }

  /** The key's status when the key step chose it. */
  Resilience.KeyStatus status() {
    if (status == null) {
      throw new IllegalStateException("no key chosen yet");
    }
    return status;
  }

  void key(ProviderKey key, Resilience.KeyStatus status) {
    this.key = key;
    this.status = status;
  }

  /** The key taken, or null if no key could take the attempt. */
  @Nullable ProviderKey keyOrNull() {
    return key;
  }

  /** The breaker permit, once taken. */
  @Nullable Permit permit() {
    return permit;
  }

  void started(Permit permit, int number, long startNanos) {
    this.permit = permit;
    this.number = number;
    this.startNanos = startNanos;
  }

  /** The attempt's number within its call, from 1; 0 before the permit was taken. */
  public int number() {
    return number;
  }

  /** When the attempt started (permit taken), by the call's ticker. */
  public long startNanos() {
    return startNanos;
  }

  /** How long the attempt took, once it ended. */
  public long tookNanos() {
    return tookNanos;
  }

  void took(long nanos) {
    this.tookNanos = nanos;
  }

  /** The attempt's budget reservation; {@link Spend#NONE} before the reserve step. */
  public Reservation reservation() {
    return reservation;
  }

  /** The target's price, or null if unknown. */
  public @Nullable ModelPrice price() {
    return price;
  }

  /** The attempt's estimated input tokens, computed on first use, once per call and tokenizer. */
  public long inputTokens() {
    return inputTokens.getAsLong();
  }

  void reserved(Reservation reservation, @Nullable ModelPrice price, LongSupplier inputTokens) {
    this.reservation = reservation;
    this.price = price;
    this.inputTokens = inputTokens;
  }

  /** When the rate-limited key of a failed attempt comes back (epoch nanos), else MIN_VALUE. */
  long coolingUntil() {
    return coolingUntil;
  }

  void coolingUntil(long epochNanos) {
    this.coolingUntil = epochNanos;
  }
}
