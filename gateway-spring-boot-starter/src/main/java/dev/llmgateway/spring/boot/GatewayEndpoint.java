package dev.llmgateway.spring.boot;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.Budget;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.budget.BudgetStatus;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.routing.RoutePlan;
import dev.llmgateway.routing.TargetHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The Actuator endpoint {@code llmgateway}: where budgets stand and how targets are doing ({@code
 * GET /actuator/llmgateway}), the route a model would take ({@code GET
 * /actuator/llmgateway/{model}?tenant=acme&stream=true}, the gateway's {@code explain}), and a
 * reload of the configuration from its source ({@code POST /actuator/llmgateway}). Expose it as any
 * endpoint: {@code management.endpoints.web.exposure.include=health,llmgateway}. It shows key ids
 * and money, never keys or prompts. Thread-safe.
 */
@Endpoint(id = "llmgateway")
public final class GatewayEndpoint {
  private final GatewayClient gateway;

  /**
   * An endpoint over a client.
   *
   * @param gateway the client
   * @throws NullPointerException if {@code gateway} is null
   */
  public GatewayEndpoint(GatewayClient gateway) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
  }

  /**
   * Every budget with its current window's spend, and every target's health.
   *
   * @return {@code budgets} (scope, window, limit, spent, reserved, remaining in USD) and {@code
   *     targets}
   */
  @ReadOperation
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("budgets", budgets());
    Map<String, Object> targets = new LinkedHashMap<>();
    for (TargetHealth t : gateway.health()) {
      targets.put(t.target().toString(), GatewayHealthIndicator.describe(t));
    }
    out.put("targets", targets);
    return out;
  }

  private List<Map<String, Object>> budgets() {
    Set<BudgetScope> scopes = new LinkedHashSet<>();
    for (Budget b : gateway.budgets().all()) {
      scopes.add(b.scope());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (BudgetScope scope : scopes) {
      for (BudgetStatus s : gateway.budgets().status(scope)) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("scope", s.budget().scope().toString());
        one.put("window", s.budget().window().toString());
        one.put("windowStart", s.windowStart().toString());
        one.put("limitUsd", s.budget().limit().toUsd().toPlainString());
        one.put("spentUsd", s.spent().toUsd().toPlainString());
        one.put("reservedUsd", s.reserved().toUsd().toPlainString());
        one.put("remainingUsd", s.remaining().toUsd().toPlainString());
        out.add(one);
      }
    }
    return out;
  }

  /**
   * The plan the router would follow for a call of a model or alias, as {@link
   * GatewayClient#explain} tells it.
   *
   * @param model the alias or {@code provider/model}
   * @param tenant the call's tenant, or {@code null}
   * @param team the call's team, or {@code null}
   * @param feature the call's feature, or {@code null}
   * @param stream whether the call would stream; {@code null} for no
   * @return the requested and resolved model, how it was resolved, the alias and strategy, the
   *     steps in order with their share and reason, and the targets left out with why
   * @throws dev.llmgateway.error.NoRouteException if the model is unknown or nothing can serve it
   * @throws dev.llmgateway.error.TenantPolicyException if the tenant may not call it
   */
  @ReadOperation
  public Map<String, Object> explain(
      @Selector String model,
      @Nullable String tenant,
      @Nullable String team,
      @Nullable String feature,
      @Nullable Boolean stream) {
    ChatRequest.Builder request = ChatRequest.builder().model(model).user("explain");
    if (tenant != null || team != null || feature != null) {
      request.context(new RequestContext(tenant, team, feature, null, Map.of()));
    }
    RoutePlan plan =
        Boolean.TRUE.equals(stream)
            ? gateway.explainStream(request.build())
            : gateway.explain(request.build());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requestedModel", plan.requestedModel());
    out.put("resolvedModel", plan.resolvedModel());
    out.put("resolution", plan.resolution());
    out.put("alias", plan.alias());
    out.put("strategy", plan.strategy());
    List<Map<String, Object>> steps = new ArrayList<>();
    for (RoutePlan.Step s : plan.steps()) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("target", s.target().toString());
      step.put("weight", s.weight());
      step.put("share", s.share());
      step.put("keys", s.keys());
      step.put("reason", s.reason());
      steps.add(step);
    }
    out.put("steps", steps);
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (RoutePlan.Skipped s : plan.skipped()) {
      skipped.add(Map.of("target", s.target().toString(), "reason", s.reason()));
    }
    out.put("skipped", skipped);
    return out;
  }

  /**
   * Reloads the configuration from the client's source now (see {@link GatewayClient#reload()}).
   *
   * @return {@code version}, the version of the configuration now serving
   * @throws dev.llmgateway.config.ConfigException if the new configuration was rejected (the
   *     serving one stays)
   * @throws IllegalStateException if the client has no configuration source
   */
  @WriteOperation
  public Map<String, Object> reload() {
    return Map.of("version", gateway.reload());
  }
}
