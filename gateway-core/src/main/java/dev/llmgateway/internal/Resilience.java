package dev.llmgateway.internal;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.TargetHealth;
import dev.llmgateway.spi.ProviderKey;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
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
 */
final class Resilience {
  private static final Logger log = LoggerFactory.getLogger(Resilience.class);

  /** Why a key cannot take a call now. */
  enum Block {
    NONE,
    DISABLED,
    COOLING,
    OPEN
  }

  /**
   * A key's status for one target.
   *
   * @param key the key
   * @param block why it is blocked, or NONE
   * @param untilNanos when a COOLING or OPEN block ends (epoch nanos); MIN_VALUE otherwise
   * @param reason a readable reason for explain and errors, or null when available
   */
  record KeyStatus(ProviderKey key, Block block, long untilNanos, @Nullable String reason) {
    boolean available() {
      return block == Block.NONE;
    }
  }

  private final BreakerSettings breakerSettings;
  private final @Nullable CircuitBreakerConfig breakerConfig;
  private final Clock clock;
  private final KeyStateStore keyStore;
  private final GatewayEventListener events;
  private final Map<TargetRef, TargetState> targets = new ConcurrentHashMap<>();

  Resilience(
      BreakerSettings breakerSettings,
      Clock clock,
      KeyStateStore keyStore,
      GatewayEventListener events) {
    this.breakerSettings = breakerSettings;
    this.breakerConfig = breakerSettings.enabled() ? breakerSettings.toConfig(clock) : null;
    this.clock = clock;
    this.keyStore = keyStore;
    this.events = events;
  }

  /** Epoch nanoseconds of the client's clock. */
  long now() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  TargetState target(TargetRef ref) {
    TargetState t = targets.get(ref);
    return t != null ? t : targets.computeIfAbsent(ref, r -> new TargetState(r, id -> slot(r, id)));
  }

  /** Targets seen so far (configured ones are registered at start-up). */
  List<TargetState> targets() {
    return new ArrayList<>(targets.values());
  }

  private TargetState.KeySlot slot(TargetRef ref, String keyId) {
    if (breakerConfig == null) {
      return new TargetState.KeySlot(null);
    }
    CircuitBreaker breaker = CircuitBreaker.of(ref + "#" + keyId, breakerConfig);
    TargetState.KeySlot slot = new TargetState.KeySlot(breaker);
    breaker
        .getEventPublisher()
        .onStateTransition(
            e -> {
              CircuitBreaker.State from = e.getStateTransition().getFromState();
              CircuitBreaker.State to = e.getStateTransition().getToState();
              if (to == CircuitBreaker.State.OPEN) {
                slot.openings = from == CircuitBreaker.State.HALF_OPEN ? slot.openings + 1 : 1;
                Duration open = breakerSettings.openDuration(slot.openings);
                slot.openUntilNanos = Nanos.plus(now(), Nanos.of(open));
                log.warn(
                    "Circuit '{}#{}' is OPEN for {} (opening {} in a row)",
                    ref,
                    keyId,
                    open,
                    slot.openings);
              } else if (to == CircuitBreaker.State.CLOSED) {
                slot.openings = 0;
                log.info("Circuit '{}#{}' is CLOSED again", ref, keyId);
              }
              events.circuitStateChanged(ref, keyId, state(from), state(to));
            });
    return slot;
  }

  static CircuitState state(CircuitBreaker.State s) {
    return switch (s) {
      case CLOSED, METRICS_ONLY -> CircuitState.CLOSED;
      case OPEN, FORCED_OPEN -> CircuitState.OPEN;
      case HALF_OPEN -> CircuitState.HALF_OPEN;
      case DISABLED -> CircuitState.DISABLED;
    };
  }

  /** A key's status for a target, read-only (no permission is taken). */
  KeyStatus status(TargetState target, ProviderKey key, long now) {
    String provider = target.ref.provider();
    String reason = keyStore.disabledReason(provider, key.id());
    if (reason == null) {
      reason = keyStore.disabledReason(target.ref.toString(), key.id());
    }
    if (reason != null) {
      return new KeyStatus(key, Block.DISABLED, Long.MIN_VALUE, "key '" + key.id() + "' " + reason);
    }
    long cooling = keyStore.coolingUntil(provider, key.id());
    if (cooling > now) {
      return new KeyStatus(
          key,
          Block.COOLING,
          cooling,
          "key '" + key.id() + "' cooling down until " + instant(cooling));
    }
    TargetState.KeySlot slot = target.slot(key.id());
    CircuitBreaker b = slot.breaker;
    if (b != null) {
      CircuitBreaker.State s = b.getState();
      if ((s == CircuitBreaker.State.OPEN || s == CircuitBreaker.State.FORCED_OPEN)
          && slot.openUntilNanos >= now) {
        return new KeyStatus(
            key,
            Block.OPEN,
            slot.openUntilNanos,
            "Circuit '"
                + target.ref
                + "#"
                + key.id()
                + "' is OPEN and does not permit calls until "
                + instant(slot.openUntilNanos));
      }
    }
    return new KeyStatus(key, Block.NONE, Long.MIN_VALUE, null);
  }

  /**
   * Takes a permit for an attempt on a target with a key, or null if the breaker refuses (for
   * example a half-open breaker whose probes are taken).
   */
  @Nullable Permit acquire(TargetState target, ProviderKey key) {
    CircuitBreaker b = target.slot(key.id()).breaker;
    if (b != null && !b.tryAcquirePermission()) {
      return null;
    }
    return new Permit(b, target);
  }

  /**
   * Cools a key down after a rate limit or a hint that its allowance is spent; returns when the
   * cooldown ends (epoch nanos, saturated: a Retry-After of centuries does not overflow).
   */
  long coolDown(String provider, String keyId, Duration duration, String why) {
    long until = Nanos.plus(now(), Nanos.of(duration));
    keyStore.coolDown(provider, keyId, until);
    log.debug("Key '{}' of '{}' cools down for {} ({})", keyId, provider, duration, why);
    events.keyCooldown(provider, keyId, duration);
    return until;
  }

  /** Disables a key after an authentication (provider-wide) or permission (one target) failure. */
  void disable(TargetRef target, String keyId, ErrorKind kind) {
    boolean providerWide = kind == ErrorKind.AUTHENTICATION;
    String scope = providerWide ? target.provider() : target.toString();
    String reason = "disabled after " + kind + (providerWide ? "" : " on " + target);
    if (keyStore.disable(scope, keyId, reason)) {
      log.warn("Key '{}' of '{}' is {}", keyId, target.provider(), reason);
      events.keyDisabled(target.provider(), keyId, providerWide ? null : target, kind);
    }
  }

  TargetHealth health(TargetState t, List<ProviderKey> keys) {
    long now = now();
    List<KeyHealth> out = new ArrayList<>(keys.size());
    for (ProviderKey k : keys) {
      TargetState.KeySlot slot = t.slot(k.id());
      CircuitState circuit =
          slot.breaker == null ? CircuitState.DISABLED : state(slot.breaker.getState());
      Instant openUntil = circuit == CircuitState.OPEN ? instant(slot.openUntilNanos) : null;
      long cooling = keyStore.coolingUntil(t.ref.provider(), k.id());
      String disabled = keyStore.disabledReason(t.ref.provider(), k.id());
      if (disabled == null) {
        disabled = keyStore.disabledReason(t.ref.toString(), k.id());
      }
      out.add(
          new KeyHealth(
              k.id(), circuit, openUntil, cooling > now ? instant(cooling) : null, disabled));
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
}
