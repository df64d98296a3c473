package dev.llmgateway.internal.resilience;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.internal.util.Ticker;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.KeyStateStore;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.ProviderKey;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's view of target and key health: circuit breakers per target and key (Resilience4j,
 * timed by the client's clock), key cooldowns and disabled keys (a {@link KeyStateStore}), and
 * per-target load and latency. The router reads it without side effects; the attempt loop acquires
 * permits from it. Thread-safe.
 *
 * <p>Memory is bounded by the configuration, not by traffic: configured targets keep their state
 * for the client's lifetime; the state of a target addressed directly as {@code provider/model}
 * lives in a Caffeine cache that drops it after {@code idleExpiry} without use (timed by the
 * client's ticker), together with the keys disabled for that target only. A state with an attempt
 * in flight is never dropped: the eviction listener parks it in {@link #busy} until its last permit
 * ends, and a lookup in the meantime takes it back.
 *
 * <p>A disabled key gets one trial call once {@code probeInterval} has passed since it was disabled
 * (or since its last trial was refused): {@link #status} reports it as {@link Block#TRIAL}, {@link
 * #acquire} claims the trial in the {@link KeyStateStore} (one claim at a time), and the permit's
 * verdict enables the key again (success), keeps it disabled and restarts the interval (401 or 403
 * again), or gives the trial back (any other outcome).
 */
public final class Resilience {
  private static final Logger log = LoggerFactory.getLogger(Resilience.class);

  /** Why a key cannot take a call now, or TRIAL when a disabled key may take its trial call. */
  public enum Block {
    NONE,
    TRIAL,
    DISABLED,
    COOLING,
    OPEN
  }

  /**
   * A key's status for one target.
   *
   * @param key the key
   * @param block why it is blocked, NONE, or TRIAL (available for one trial call)
   * @param untilNanos when a COOLING or OPEN block ends (epoch nanos); MIN_VALUE otherwise
   * @param reason a readable reason for explain and errors, or null when available
   */
  public record KeyStatus(ProviderKey key, Block block, long untilNanos, @Nullable String reason) {
    public boolean available() {
      return block == Block.NONE || block == Block.TRIAL;
    }
  }

  private final Clock clock;
  private final KeyStateStore keyStore;
  private final GatewayEventListener events;
  private final long probeIntervalNanos;
  private final KeyTrials trials;
  private final Breakers breakers;
  private final Map<TargetRef, TargetState> configured = new ConcurrentHashMap<>();
  private final Cache<TargetRef, TargetState> direct;
  private final Map<TargetRef, TargetState> busy = new ConcurrentHashMap<>();

  /**
   * Creates the registry.
   *
   * @param ticker times idle expiry (Caffeine reads it)
   * @param idleExpiry how long a directly addressed target's state is kept without use
   * @param probeInterval how long a disabled key waits for its trial call; zero for never
   */
  public Resilience(
      BreakerSettings breakerSettings,
      Clock clock,
      Ticker ticker,
      KeyStateStore keyStore,
      GatewayEventListener events,
      Duration idleExpiry,
      Duration probeInterval) {
    this.clock = clock;
    this.keyStore = keyStore;
    this.events = events;
    this.probeIntervalNanos = Nanos.of(probeInterval);
    this.trials = new KeyTrials(keyStore, events, probeIntervalNanos, this::now);
    this.breakers = new Breakers(breakerSettings, clock, events, this::now);
    this.direct =
        Caffeine.newBuilder()
            .expireAfterAccess(idleExpiry)
            .ticker(ticker::read)
            .executor(Runnable::run)
            .<TargetRef, TargetState>evictionListener(
                (ref, state, cause) -> {
                  if (ref != null && state != null) {
                    evicted(ref, state);
                  }
                })
            .build();
  }

  /** {@code now} if read already ({@link Long#MIN_VALUE} if not), else the clock. */
  private long read(long now) {
    return now != Long.MIN_VALUE ? now : now();
  }

  /** Epoch nanoseconds of the client's clock. */
  public long now() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /**
   * Registers a configured target: its state lives as long as the client. A state it had while
   * addressed directly leaves the idle cache (without the expiry's clean-up of its disabled keys).
   */
  public void configure(TargetRef ref) {
    if (configured.get(ref) == null
        && configured.putIfAbsent(ref, new TargetState(ref, false, id -> slot(ref, id))) == null) {
      direct.invalidate(ref);
    }
  }

  /**
   * A target's state: the configured one, or the directly addressed one from the idle-expiring
   * cache (taken back from {@link #busy}, or created).
   */
  public TargetState target(TargetRef ref) {
    TargetState t = configured.get(ref);
    if (t != null) {
      return t;
    }
    t = direct.getIfPresent(ref); // no capturing lambda when the state exists
    if (t != null) {
      return t;
    }
    return direct.get(
        ref,
        r -> {
          TargetState parked = busy.remove(r);
          return parked != null ? parked : new TargetState(r, true, id -> slot(r, id));
        });
  }

  /**
   * Targets known now: configured ones and directly addressed ones not yet expired. Runs the idle
   * cache's pending maintenance first, so expired states are gone.
   */
  public List<TargetState> targets() {
    direct.cleanUp();
    List<TargetState> out = new ArrayList<>(configured.values());
    out.addAll(direct.asMap().values());
    for (TargetState t : busy.values()) {
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Called atomically with the cache's removal of an expired state. A state with attempts in flight
   * is parked in {@link #busy}; the put comes before the read of the count, and {@link #leave}
   * decrements before it looks at {@code busy}, so one of the two always sees the other.
   */
  private void evicted(TargetRef ref, TargetState state) {
    busy.put(ref, state);
    if (state.inFlight.get() > 0) {
      log.debug("State of '{}' is idle but has attempts in flight; kept until they end", ref);
      return;
    }
    busy.remove(ref, state);
    for (String keyId : state.disabledHere) {
      keyStore.enable(ref.toString(), keyId);
    }
    log.debug("State of '{}' expired after its idle time", ref);
  }

  /**
   * Counts an attempt in flight on the live state of the target, which the planned state may no
   * longer be if it expired meanwhile. On return the state is registered (in the cache or parked),
   * so it is not dropped until {@link #leave}.
   */
  private TargetState enter(TargetState planned) {
    if (!planned.evictable) {
      planned.inFlight.incrementAndGet();
      return planned;
    }
    TargetState t = planned;
    while (true) {
      t.inFlight.incrementAndGet();
      if (direct.getIfPresent(t.ref) == t || busy.get(t.ref) == t) {
        return t;
      }
      leave(t);
      t = target(t.ref);
    }
  }

  /** Ends an attempt's in-flight count; the last one hands a parked state back to the cache. */
  public void leave(TargetState t) {
    if (t.inFlight.decrementAndGet() == 0 && t.evictable && busy.get(t.ref) == t) {
      direct.asMap().compute(t.ref, (k, cur) -> busy.remove(k, t) && cur == null ? t : cur);
    }
  }

  private TargetState.KeySlot slot(TargetRef ref, String keyId) {
    return breakers.slot(ref, keyId);
  }

  /**
   * A key's status for a target now, read-only (no permission is taken). The clock is read only
   * when something blocks the key (disabled, cooling down, breaker open).
   */
  public KeyStatus status(TargetState target, ProviderKey key) {
    long now = Long.MIN_VALUE;
    String provider = target.ref.provider();
    boolean trial = false;
    KeyStateStore.Disabled byProvider = keyStore.disabled(provider, key.id());
    KeyStateStore.Disabled byTarget = keyStore.disabled(target.id, key.id());
    if (byProvider != null || byTarget != null) {
      now = read(now);
      KeyStateStore.Disabled blocking =
          !trials.due(byProvider, now) ? byProvider : !trials.due(byTarget, now) ? byTarget : null;
      if (blocking != null) {
        return new KeyStatus(
            key,
            Block.DISABLED,
            Long.MIN_VALUE,
            "key '" + key.id() + "' " + trials.describe(blocking));
      }
      trial = true;
    }
    long cooling = keyStore.coolingUntil(provider, key.id());
    if (cooling != Long.MIN_VALUE && cooling > (now = read(now))) {
      return new KeyStatus(
          key,
          Block.COOLING,
          cooling,
          "key '" + key.id() + "' cooling down until " + Nanos.instant(cooling));
    }
    TargetState.KeySlot slot = target.slot(key.id());
    CircuitBreaker b = slot.breaker;
    // A breaker that never opened has no end of an opening to wait for: its state is not read.
    if (b != null && slot.openUntilNanos != Long.MIN_VALUE) {
      CircuitBreaker.State s = b.getState();
      if ((s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.FORCED_OPEN)
          && slot.openUntilNanos >= read(now)) {
        return new KeyStatus(
            key,
            Block.OPEN,
            slot.openUntilNanos,
            "Circuit '"
                + target.ref
                + "#"
                + key.id()
                + "' is OPEN and does not permit calls until "
                + Nanos.instant(slot.openUntilNanos));
      }
    }
    if (trial) {
      return new KeyStatus(
          key, Block.TRIAL, Long.MIN_VALUE, "key '" + key.id() + "' is disabled; trial call due");
    }
    // Every planned key of every call gets here: the slot keeps its available status.
    KeyStatus available = slot.available;
    if (available == null || available.key() != key) {
      available = new KeyStatus(key, Block.NONE, Long.MIN_VALUE, null);
      slot.available = available;
    }
    return available;
  }

  /**
   * Takes a permit for an attempt on a target with a key, or null if the breaker refuses (for
   * example a half-open breaker whose probes are taken) or, for a disabled key, another call took
   * its trial first.
   */
  public @Nullable Permit acquire(TargetState planned, KeyStatus status) {
    ProviderKey key = status.key();
    Trial trial = null;
    if (status.block() == Block.TRIAL) {
      trial = trials.claim(planned.ref, key.id());
      if (trial == null) {
        return null;
      }
    }
    TargetState t = enter(planned);
    TargetState.KeySlot slot = t.slot(key.id());
    CircuitBreaker b = slot.breaker;
    boolean permitted = b == null || b.tryAcquirePermission();
    if (b != null) {
      breakers.observe(t.ref, slot); // taking a permission may end an opening
    }
    if (!permitted) {
      leave(t);
      if (trial != null) {
        trials.abandoned(trial);
      }
      return null;
    }
    if (trial != null) {
      log.info("Key '{}' of '{}' gets a trial call on {}", key.id(), planned.ref.provider(), t.ref);
    }
    return new Permit(this, slot, t, trial);
  }

  /**
   * Cools a key down after a rate limit or a hint that its allowance is spent; returns when the
   * cooldown ends (epoch nanos, saturated: a Retry-After of centuries does not overflow).
   */
  public long coolDown(String provider, String keyId, Duration duration, String why) {
    long until = Nanos.plus(now(), Nanos.of(duration));
    keyStore.coolDown(provider, keyId, until);
    log.debug("Key '{}' of '{}' cools down for {} ({})", keyId, provider, duration, why);
    events.keyCooldown(provider, keyId, duration);
    return until;
  }

  /** Disables a key after an authentication (provider-wide) or permission (one target) failure. */
  public void disable(TargetRef target, String keyId, ErrorKind kind) {
    boolean providerWide = kind == ErrorKind.AUTHENTICATION;
    String scope = providerWide ? target.provider() : target.toString();
    String reason = "disabled after " + kind + (providerWide ? "" : " on " + target);
    if (!providerWide) {
      TargetState t = target(target);
      if (t.evictable) {
        t.disabledHere.add(keyId);
      }
    }
    if (keyStore.disable(scope, keyId, reason, now())) {
      log.warn("Key '{}' of '{}' is {}", keyId, target.provider(), reason);
      events.keyDisabled(target.provider(), keyId, providerWide ? null : target, kind);
    }
  }

  /**
   * A target's health: in flight, latencies, and each key's circuit, cooldown and disabled state.
   *
   * @param t the target's state
   * @param keys the target's keys
   * @return the health
   */
  public TargetHealth health(TargetState t, List<ProviderKey> keys) {
    List<KeyHealth> out = new ArrayList<>(keys.size());
    for (ProviderKey k : keys) {
      TargetState.KeySlot slot = t.slot(k.id());
      CircuitState circuit =
          slot.breaker == null ? CircuitState.DISABLED : Breakers.state(slot.breaker.getState());
      Instant openUntil = circuit == CircuitState.OPEN ? Nanos.instant(slot.openUntilNanos) : null;
      out.add(trials.health(t.ref, k.id(), circuit, openUntil));
    }
    long lat = t.latency.get();
    long ttft = t.timeToFirstToken.get();
    return new TargetHealth(
        t.ref,
        t.inFlight.get(),
        lat < 0 ? null : Duration.ofNanos(lat),
        ttft < 0 ? null : Duration.ofNanos(ttft),
        out);
  }

  /** Reports the state changes of a slot's breaker since they were last seen. */
  void observe(TargetState t, TargetState.KeySlot slot) {
    breakers.observe(t.ref, slot);
  }

  /** The trial call succeeded: the key is enabled in every claimed scope. */
  void trialSucceeded(Trial trial) {
    trials.succeeded(trial);
  }

  /** The trial call failed (see {@link KeyTrials#failed}). */
  void trialFailed(Trial trial, ErrorKind kind) {
    trials.failed(trial, kind);
  }

  /** The trial ended without a verdict on the key; the next call may try it. */
  void trialAbandoned(Trial trial) {
    trials.abandoned(trial);
  }
}
