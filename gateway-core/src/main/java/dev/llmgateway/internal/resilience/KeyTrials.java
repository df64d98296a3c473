package dev.llmgateway.internal.resilience;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.internal.util.Nanos;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import dev.llmgateway.routing.KeyHealth;
import dev.llmgateway.routing.KeyStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disabled keys and their trial calls: a disabled key gets one trial call once the probe interval
 * has passed since it was disabled (or since its last trial was refused), claimed in the {@link
 * KeyStateStore} (one claim at a time); the trial's verdict enables the key again, keeps it
 * disabled and restarts the interval, or gives the trial back. Thread-safe.
 */
final class KeyTrials {
  private static final Logger log = LoggerFactory.getLogger(KeyTrials.class);

  private final KeyStateStore keyStore;
  private final GatewayEventListener events;
  private final long probeIntervalNanos;
  private final LongSupplier clock;

  KeyTrials(
      KeyStateStore keyStore,
      GatewayEventListener events,
      long probeIntervalNanos,
      LongSupplier clock) {
    this.keyStore = keyStore;
    this.events = events;
    this.probeIntervalNanos = probeIntervalNanos;
    this.clock = clock;
  }

  /** Whether a disabled state (or none) lets the key take its trial call now. */
  boolean due(KeyStateStore.@Nullable Disabled d, long now) {
    return d == null
        || (probeIntervalNanos > 0
            && !d.probing()
            && Nanos.plus(d.sinceNanos(), probeIntervalNanos) <= now);
  }

  /** The reason of a disabled key, with when its trial call may go out. */
  String describe(KeyStateStore.Disabled d) {
    if (probeIntervalNanos <= 0) {
      return d.reason();
    }
    if (d.probing()) {
      return d.reason() + "; a trial call is under way";
    }
    return d.reason()
        + "; trial call from "
        + Nanos.instant(Nanos.plus(d.sinceNanos(), probeIntervalNanos));
  }

  /** Claims the trial in every scope the key is disabled in; null if one was claimed already. */
  @Nullable Trial claim(TargetRef target, String keyId) {
    long dueUpTo = Nanos.minus(clock.getAsLong(), probeIntervalNanos);
    List<String> claimed = new ArrayList<>(2);
    for (String scope : List.of(target.provider(), target.toString())) {
      if (keyStore.disabled(scope, keyId) == null) {
        continue;
      }
      if (!keyStore.tryStartProbe(scope, keyId, dueUpTo)) {
        claimed.forEach(c -> keyStore.endProbe(c, keyId));
        return null;
      }
      claimed.add(scope);
    }
    return new Trial(target, keyId, List.copyOf(claimed));
  }

  /** The trial call succeeded: the key is enabled in every claimed scope. */
  void succeeded(Trial trial) {
    String provider = trial.target().provider();
    log.info("Key '{}' of '{}' answered its trial call; enabled again", trial.keyId(), provider);
    events.keyReprobed(provider, trial.keyId(), trial.target(), null);
    for (String scope : trial.scopes()) {
      if (keyStore.enable(scope, trial.keyId())) {
        events.keyEnabled(provider, trial.keyId(), scope.equals(provider) ? null : trial.target());
      }
    }
  }

  /**
   * The trial call failed: a 401 or 403 keeps the key disabled and restarts its interval; any other
   * failure says nothing about the key and gives the trial back.
   */
  void failed(Trial trial, ErrorKind kind) {
    if (kind != ErrorKind.AUTHENTICATION && kind != ErrorKind.PERMISSION) {
      abandoned(trial);
      return;
    }
    String provider = trial.target().provider();
    long now = clock.getAsLong();
    for (String scope : trial.scopes()) {
      keyStore.disable(scope, trial.keyId(), "disabled after " + kind, now);
    }
    log.warn(
        "Key '{}' of '{}' was refused again on its trial call ({}); next trial from {}",
        trial.keyId(),
        provider,
        kind,
        Nanos.instant(Nanos.plus(now, probeIntervalNanos)));
    events.keyReprobed(provider, trial.keyId(), trial.target(), kind);
  }

  /** The trial ended without a verdict on the key; the next call may try it. */
  void abandoned(Trial trial) {
    for (String scope : trial.scopes()) {
      keyStore.endProbe(scope, trial.keyId());
    }
  }

  /** One key's health for a target: its circuit (given), cooldown and disabled state. */
  KeyHealth health(
      TargetRef target, String keyId, CircuitState circuit, @Nullable Instant openUntil) {
    long cooling = keyStore.coolingUntil(target.provider(), keyId);
    KeyStateStore.Disabled d = keyStore.disabled(target.provider(), keyId);
    if (d == null) {
      d = keyStore.disabled(target.toString(), keyId);
    }
    String disabled = d == null ? null : describe(d);
    return new KeyHealth(
        keyId,
        circuit,
        openUntil,
        cooling > clock.getAsLong() ? Nanos.instant(cooling) : null,
        disabled);
  }
}
