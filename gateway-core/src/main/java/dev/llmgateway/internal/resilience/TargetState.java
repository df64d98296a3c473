package dev.llmgateway.internal.resilience;

import dev.llmgateway.model.TargetRef;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The live state of one target in this client: attempts in flight, latency averages and samples,
 * and one circuit breaker per key. A configured target's state lives as long as the client; the
 * state of a target addressed directly as {@code provider/model} is {@link #evictable} (see {@link
 * Resilience#target}). Thread-safe.
 */
public final class TargetState {
  final TargetRef ref;

  /** {@code ref.toString()}, kept so that per-call key checks do not build it again. */
  final String id;

  /** Whether the state may be dropped when idle: it belongs to a directly addressed target. */
  final boolean evictable;

  /** Key ids disabled for this target only (a permission failure), forgotten with the state. */
  final Set<String> disabledHere = ConcurrentHashMap.newKeySet();

  final AtomicInteger inFlight = new AtomicInteger();
  final Ewma latency = new Ewma();
  final Ewma timeToFirstToken = new Ewma();
  final LatencyWindow samples = new LatencyWindow();
  private final Map<String, KeySlot> slots = new ConcurrentHashMap<>();
  private final Function<String, KeySlot> slotFactory;

  public TargetState(TargetRef ref, boolean evictable, Function<String, KeySlot> slotFactory) {
    this.ref = ref;
    this.id = ref.toString();
    this.evictable = evictable;
    this.slotFactory = slotFactory;
  }

  /** The target's provider and model. */
  public TargetRef ref() {
    return ref;
  }

  /** Attempts in flight on this target. */
  public AtomicInteger inFlight() {
    return inFlight;
  }

  /** The average latency of plain answers, nanoseconds. */
  public Ewma latency() {
    return latency;
  }

  /** The average time to the first content chunk of streams, nanoseconds. */
  public Ewma timeToFirstToken() {
    return timeToFirstToken;
  }

  /** Recent latency samples, for hedging percentiles. */
  public LatencyWindow samples() {
    return samples;
  }

  /**
   * The slot asked for last: most targets have one key, whose id is the same string every call.
   * Racy but safe: a slot's key id is final, so a stale read only costs the map lookup.
   */
  private @Nullable KeySlot last;

  /** The breaker slot of one key, created on first use. */
  public KeySlot slot(String keyId) {
    KeySlot s = last;
    if (s != null && s.keyId == keyId) {
      return s;
    }
    s = slots.get(keyId);
    if (s == null) {
      s = slots.computeIfAbsent(keyId, slotFactory);
    }
    if (last != s) {
      last = s; // written only on a change: every caller of the target reads this object's line
    }
    return s;
  }

  /** The circuit breaker of one target and key, with when it opened and for how long. */
  public static final class KeySlot {
    final String keyId;
    final @Nullable CircuitBreaker breaker;

    /**
     * The status of this slot's key when nothing blocks it, kept so that routing allocates none;
     * replaced when the key object changes (a reload). Immutable, so a racy publication is safe.
     */
    Resilience.@Nullable KeyStatus available;

    /** The breaker's state as last reported (see {@code Breakers.observe}). */
    final AtomicReference<CircuitBreaker.State> seen =
        new AtomicReference<>(CircuitBreaker.State.CLOSED);

    /** How many times in a row it opened without closing (1 after the first opening). */
    volatile int openings;

    /** Until when an open breaker refuses calls, epoch nanos; MIN_VALUE if never opened. */
    volatile long openUntilNanos = Long.MIN_VALUE;

    public KeySlot(String keyId, @Nullable CircuitBreaker breaker) {
      this.keyId = keyId;
      this.breaker = breaker;
    }
  }
}
