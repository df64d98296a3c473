package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.error.TenantPolicyException;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.config.TenantRule;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.routing.PromptEstimator;
import dev.llmgateway.internal.routing.Router;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The attribute stage, right after validate and before the user interceptors. A request whose
 * context names a configured tenant gets the tenant's default team, feature and tags where it
 * leaves them empty, and continues with that context (so user interceptors, quotas, the cache
 * partition, budgets, routing, events and the usage record all see it). A tenant with an allowlist
 * has it checked ({@link #check}) against the plan its request resolves to (after the routing hook
 * and rules), here, before quotas and the cache, so that a refused call takes no quota and is never
 * answered from the cache; {@link RouteStage} checks the plan it routes by again, for a request a
 * user interceptor changed. A tenant that no policy names is neither attributed nor restricted.
 */
public final class TenantStage implements Interceptor {
  private final Map<String, TenantRule> tenants;
  private final Router router;
  private final PromptEstimator prompts;

  /**
   * Creates the stage.
   *
   * @param tenants the tenants' policies by name
   * @param router plans calls, to learn where a restricted tenant's request resolves to
   * @param prompts the prompt estimate, asked only if routing needs it
   */
  public TenantStage(Map<String, TenantRule> tenants, Router router, PromptEstimator prompts) {
    this.tenants = tenants;
    this.router = router;
    this.prompts = prompts;
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    GatewayRequest request = chain.request();
    GatewayRequest attributed = attribute(tenants, request);
    CallState state = RealInterceptorChain.stateOf(chain);
    if (attributed != request) {
      state.attributed(attributed.context());
    }
    RequestContext context = attributed.context();
    TenantRule rule = ruleOf(tenants, context);
    if (rule != null && rule.restricted()) {
      // A look at the plan without touching the call's random source or the route memory: the
      // targets a plan holds do not depend on their order.
      Plan plan =
          router
              .plan(
                  attributed,
                  context,
                  new SplittableRandom(0),
                  true,
                  () -> prompts.estimate(attributed, state.estimates()))
              .plan();
      check(tenants, context, plan);
    }
    return chain.proceed(attributed);
  }

  /**
   * The request with its tenant's default attribution filled in; the same instance when its context
   * names no configured tenant or leaves nothing to fill.
   *
   * @param tenants the tenants' policies by name
   * @param request the request
   * @return the attributed request
   */
  public static GatewayRequest attribute(Map<String, TenantRule> tenants, GatewayRequest request) {
    RequestContext context = request.context();
    TenantRule rule = ruleOf(tenants, context);
    if (rule == null) {
      return request;
    }
    RequestContext filled = rule.attribute(context);
    return filled == context ? request : withContext(request, filled);
  }

  /**
   * The context with its tenant's default attribution filled in, for the call's identity from its
   * start (so that {@code callStart} carries it); the same instance when it names no configured
   * tenant or leaves nothing to fill.
   *
   * @param tenants the tenants' policies by name
   * @param context the caller's context
   * @return the attributed context
   */
  public static RequestContext attribute(Map<String, TenantRule> tenants, RequestContext context) {
    TenantRule rule = ruleOf(tenants, context);
    return rule == null ? context : rule.attribute(context);
  }

  /**
   * Refuses a plan outside the allowlist of the tenant the context names. A plan made for an alias
   * is allowed when the tenant may call the alias by name, or when each of its targets matches one
   * of the tenant's model patterns; a plan for a directly named {@code provider/model} when its
   * targets match.
   *
   * @param tenants the tenants' policies by name
   * @param context the call's context
   * @param plan the call's plan
   * @throws TenantPolicyException naming the tenant, the alias or model, and what the tenant may
   *     use
   */
  public static void check(Map<String, TenantRule> tenants, RequestContext context, Plan plan) {
    TenantRule rule = ruleOf(tenants, context);
    if (rule == null || !rule.restricted()) {
      return;
    }
    String alias = plan.alias();
    if (alias != null && rule.aliases().contains(alias)) {
      return;
    }
    if (alias != null && (rule.models().isEmpty() || plan.refs().isEmpty())) {
      throw new TenantPolicyException(rule.name(), alias, "", rule.aliases(), rule.models());
    }
    for (TargetRef ref : plan.refs()) {
      if (!rule.allowsModel(ref)) {
        String requested = alias != null ? alias : ref.toString();
        String detail = alias != null ? "its target " + ref + " is not an allowed model" : "";
        throw new TenantPolicyException(
            rule.name(), requested, detail, rule.aliases(), rule.models());
      }
    }
  }

  private static @Nullable TenantRule ruleOf(
      Map<String, TenantRule> tenants, RequestContext context) {
    String tenant = context.tenant();
    return tenant == null ? null : tenants.get(tenant);
  }

  /** The same request with another context; every kind of call carries one. */
  private static GatewayRequest withContext(GatewayRequest request, RequestContext context) {
    if (request instanceof GatewayRequest.Chat c) {
      return c.withRequest(c.request().toBuilder().context(context).build());
    } else if (request instanceof GatewayRequest.Embed e) {
      return e.withRequest(e.request().withContext(context));
    } else if (request instanceof GatewayRequest.Image i) {
      return new GatewayRequest.Image(i.request().toBuilder().context(context).build());
    } else if (request instanceof GatewayRequest.Transcribe t) {
      return new GatewayRequest.Transcribe(t.request().toBuilder().context(context).build());
    } else if (request instanceof GatewayRequest.Speech s) {
      return new GatewayRequest.Speech(s.request().toBuilder().context(context).build());
    }
    throw new IllegalStateException("no context for a request of kind " + request.kind());
  }
}
