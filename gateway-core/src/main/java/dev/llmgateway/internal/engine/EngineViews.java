package dev.llmgateway.internal.engine;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.budget.Budgets;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.TenantRule;
import dev.llmgateway.internal.pipeline.TenantStage;
import dev.llmgateway.internal.pipeline.ValidateStage;
import dev.llmgateway.internal.resilience.Resilience;
import dev.llmgateway.internal.resilience.TargetState;
import dev.llmgateway.internal.routing.CallRandom;
import dev.llmgateway.internal.routing.Router;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.TargetHealth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The read-only views of a client: the plan a call would follow, the targets' health, the budgets.
 * Each reads the current snapshot and the live state; none calls a provider. Thread-safe.
 */
final class EngineViews {
  private final GatewayEngine engine;
  private final Resilience resilience;
  private final CallRandom.Seeds seeds;

  EngineViews(GatewayEngine engine, Resilience resilience, CallRandom.Seeds seeds) {
    this.engine = engine;
    this.resilience = resilience;
    this.seeds = seeds;
  }

  /** See {@link GatewayEngine#explain}. */
  RoutePlan explain(GatewayRequest request) {
    ValidateStage.validate(request);
    Generation g = engine.current();
    Map<String, TenantRule> tenants = g.snapshot().settings().routing().tenants();
    GatewayRequest attributed = TenantStage.attribute(tenants, request);
    Router.Routed routed = g.router().plan(attributed, attributed.context(), seeds.peek(), true);
    TenantStage.check(tenants, attributed.context(), routed.plan());
    return Objects.requireNonNull(routed.explanation());
  }

  /** See {@link GatewayEngine#budgets}. */
  Budgets budgets() {
    return engine.current().snapshot().settings().spend().view();
  }

  /** See {@link GatewayEngine#health}. */
  List<TargetHealth> health() {
    Generation g = engine.current();
    List<TargetHealth> out = new ArrayList<>();
    for (TargetState t : resilience.targets()) {
      ProviderEntry e = g.providers().get(t.ref().provider());
      if (e != null) {
        out.add(resilience.health(t, e.keys().keys()));
      }
    }
    out.sort(Comparator.comparing(h -> h.target().toString()));
    return out;
  }
}
