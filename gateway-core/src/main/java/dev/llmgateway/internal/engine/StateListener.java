package dev.llmgateway.internal.engine;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.CircuitState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The listener of shared state (circuit breakers, key cooldowns, disabled keys, the usage queue):
 * every client that shares the state hears of its changes, since they change what each of them
 * does. Clients join when they are built and leave when they close. Each listener is already safe
 * (it logs and ignores what a user listener throws). Thread-safe.
 */
final class StateListener extends GatewayEventListener {
  private final List<GatewayEventListener> listeners = new CopyOnWriteArrayList<>();

  void join(GatewayEventListener listener) {
    listeners.add(listener);
  }

  void leave(GatewayEventListener listener) {
    listeners.remove(listener);
  }

  @Override
  public void circuitStateChanged(
      TargetRef target, String keyId, CircuitState from, CircuitState to) {
    for (GatewayEventListener l : listeners) {
      l.circuitStateChanged(target, keyId, from, to);
    }
  }

  @Override
  public void keyCooldown(String provider, String keyId, Duration duration) {
    for (GatewayEventListener l : listeners) {
      l.keyCooldown(provider, keyId, duration);
    }
  }

  @Override
  public void keyDisabled(
      String provider, String keyId, @Nullable TargetRef target, ErrorKind kind) {
    for (GatewayEventListener l : listeners) {
      l.keyDisabled(provider, keyId, target, kind);
    }
  }

  @Override
  public void keyReprobed(
      String provider, String keyId, TargetRef target, @Nullable ErrorKind failure) {
    for (GatewayEventListener l : listeners) {
      l.keyReprobed(provider, keyId, target, failure);
    }
  }

  @Override
  public void usageDropped(dev.llmgateway.usage.UsageRecord record, long droppedSoFar) {
    for (GatewayEventListener l : listeners) {
      l.usageDropped(record, droppedSoFar);
    }
  }

  @Override
  public void keyEnabled(String provider, String keyId, @Nullable TargetRef target) {
    for (GatewayEventListener l : listeners) {
      l.keyEnabled(provider, keyId, target);
    }
  }
}
