package dev.llmgateway.internal.engine;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.internal.attempt.RetryBudget;
import dev.llmgateway.internal.config.EngineSettings;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.routing.RouteMemory;
import dev.llmgateway.internal.usage.UsageWriter;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * The mutable state behind one client and every client derived from it with {@code newBuilder()}:
 * provider instances (and their HTTP pools), circuit breakers, key cooldowns and disabled keys,
 * latencies, the retry budget, what routing remembers between calls (cache affinity, stored
 * Responses answers), the usage queue and the executor. Configuration snapshots come and go; this
 * stays, keyed by stable ids, so a new snapshot keeps the state of what did not change. The budget
 * ledger, quota store and response cache are the snapshot's settings' own objects, which a derived
 * builder passes on unchanged. Counts the clients using it; the last one to close it closes the
 * usage writer and an executor it created. Thread-safe.
 */
public final class EngineState {
  private final ProviderPool providers = new ProviderPool();
  private final StateListener listener = new StateListener();
  private final Resilience resilience;
  private final RetryBudget retryBudget;
  private final RouteMemory routeMemory;
  private final UsageWriter usage;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  private int clients;

  private EngineState(EngineSettings s, @Nullable ExecutorService ownedExecutor) {
    this.resilience =
        new Resilience(
            s.breakers(),
            s.clock(),
            s.ticker(),
            s.keyStore(),
            listener,
            s.idleTargetExpiry(),
            s.disabledKeyProbeInterval());
    this.retryBudget =
        new RetryBudget(
            s.retryBudgetRatio(), s.retryBudgetMin(), s.retryBudgetWindow(), s.ticker());
    this.routeMemory = RouteMemory.create(s.ticker());
    this.usage = new UsageWriter(s.usage(), listener);
    this.executor = s.executor();
    this.ownedExecutor = ownedExecutor;
  }

  /**
   * The state for a new client, created from its settings.
   *
   * @param settings the client's settings: breakers, retry budget, key store, usage, executor
   * @param ownedExecutor the executor in the settings if the client created it (shut down with the
   *     state), else null
   * @return the state, not yet joined by any client
   */
  public static EngineState create(
      EngineSettings settings, @Nullable ExecutorService ownedExecutor) {
    return new EngineState(settings, ownedExecutor);
  }

  /** A client starts using the state; its listener hears of state changes. */
  synchronized void join(GatewayEventListener events) {
    clients++;
    listener.join(events);
  }

  /** A client closed; the last one closes the usage writer and the executor the state owns. */
  void leave(GatewayEventListener events) {
    listener.leave(events);
    boolean last;
    synchronized (this) {
      last = --clients == 0;
    }
    if (last) {
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
      }
      usage.close();
    }
  }

  ProviderPool providers() {
    return providers;
  }

  /** The live state of targets and keys. */
  public Resilience resilience() {
    return resilience;
  }

  RetryBudget retryBudget() {
    return retryBudget;
  }

  /** Where conversations with cache affinity were served, and who holds stored answers. */
  public RouteMemory routeMemory() {
    return routeMemory;
  }

  /** The usage writer every client sharing the state records to. */
  public UsageWriter usage() {
    return usage;
  }

  /** The executor of async calls and hedged attempts. */
  public Executor executor() {
    return executor;
  }
}
