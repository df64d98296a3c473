package dev.llmgateway.internal.engine;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.internal.attempt.AttemptChain;
import dev.llmgateway.internal.attempt.PlanRunner;
import dev.llmgateway.internal.config.CacheSettings;
import dev.llmgateway.internal.config.EngineSettings;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.QuotaSettings;
import dev.llmgateway.internal.config.Snapshot;
import dev.llmgateway.internal.pipeline.CacheStage;
import dev.llmgateway.internal.pipeline.CallPipeline;
import dev.llmgateway.internal.pipeline.QuotaStage;
import dev.llmgateway.internal.routing.PromptEstimator;
import dev.llmgateway.internal.routing.RouteTable;
import dev.llmgateway.internal.routing.Router;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One snapshot wired to the shared state: its provider instances, router and request path. Calls
 * enter the generation that is current when they start and run on it to their end (a stream's end),
 * even when a newer snapshot replaced it meanwhile; the last call to leave a replaced generation
 * lets go of its providers. Thread-safe.
 */
final class Generation {
  private final Snapshot snapshot;
  private final Map<String, ProviderEntry> providers;
  private final Router router;
  private final CallPipeline pipeline;
  private final ProviderPool pool;

  /** The calls inside plus one for the engine while the generation is current; 0 when done. */
  private final AtomicInteger users = new AtomicInteger(1);

  private Generation(
      Snapshot snapshot,
      Map<String, ProviderEntry> providers,
      Router router,
      CallPipeline pipeline,
      ProviderPool pool) {
    this.snapshot = snapshot;
    this.providers = providers;
    this.router = router;
    this.pipeline = pipeline;
    this.pool = pool;
  }

  /**
   * Wires a snapshot: takes its providers from the pool and assembles its request path.
   *
   * @throws dev.llmgateway.error.ConfigurationException if a provider cannot be created
   */
  static Generation create(Snapshot snapshot, EngineState state, GatewayEventListener events) {
    Map<String, ProviderEntry> providers = state.providers().acquire(snapshot);
    try {
      EngineSettings s = snapshot.settings();
      RouteTable table =
          new RouteTable(snapshot, providers, state.resilience(), state.routeMemory());
      PromptEstimator prompts =
          new PromptEstimator(table, s.routing().modelRules(), s.spend().estimator());
      Router router = new Router(table, s.routing(), prompts);
      AttemptChain chain =
          AttemptChain.standard(
              state.resilience(), state.retryBudget(), s.spend(), events, s.attemptInterceptors());
      PlanRunner runner =
          new PlanRunner(
              chain,
              s.sleeper(),
              s.backoff(),
              s.retriesPerTarget(),
              state.retryBudget(),
              state.resilience(),
              s.waitForCapacity(),
              state.executor());
      QuotaSettings quota = s.quota();
      CacheSettings cache = s.cache();
      CallPipeline pipeline =
          new CallPipeline(
              s.interceptors(),
              quota == null ? null : new QuotaStage(quota, s.clock(), prompts),
              cache == null ? null : new CacheStage(cache),
              router,
              prompts,
              runner,
              s.spend(),
              events,
              s.routing().tenants());
      Generation g = new Generation(snapshot, providers, router, pipeline, state.providers());
      for (ProviderEntry p : providers.values()) {
        events.providerReady(p.name(), p.type(), p.provider().serverAddress().orElse(null));
      }
      return g;
    } catch (RuntimeException | Error e) {
      state.providers().release(providers);
      throw e;
    }
  }

  Snapshot snapshot() {
    return snapshot;
  }

  Map<String, ProviderEntry> providers() {
    return providers;
  }

  Router router() {
    return router;
  }

  CallPipeline pipeline() {
    return pipeline;
  }

  /** A call enters; false if the generation is done (the caller reads the current one again). */
  boolean enter() {
    while (true) {
      int n = users.get();
      if (n == 0) {
        return false;
      }
      if (users.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** A call left (or the engine let go of a replaced generation); the last one frees it. */
  void exit() {
    if (users.decrementAndGet() == 0) {
      pool.release(providers);
    }
  }
}
