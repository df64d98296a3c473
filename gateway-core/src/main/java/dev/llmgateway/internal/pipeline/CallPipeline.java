package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.attempt.PlanRunner;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.config.TenantRule;
import dev.llmgateway.internal.routing.PromptEstimator;
import dev.llmgateway.internal.routing.Router;
import dev.llmgateway.internal.spend.Spend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The call tier of the request path, assembled once per configuration snapshot in {@link #assemble}
 * and run per call as an immutable interceptor chain. The composition, outermost first (each stage
 * wraps everything to its right):
 *
 * <pre>
 * Record(Validate(Attribute(UserInterceptors(Quota(Cache(BudgetDowngrade(Route(Settle(
 *     PlanLoop(Key(Breaker(Reserve(Verdict(UserAttemptInterceptors(Provider)))))))))))))))
 * </pre>
 *
 * <p>{@code Quota} is present only when quotas are configured and {@code Cache} only when a cache
 * is. {@code Record} is not an interceptor: the engine wraps the whole chain and hands one usage
 * record per call (for streams: when the stream ends) to the usage writer, so it also sees calls
 * refused by validation or answered by an interceptor.
 *
 * <p>Stages up to {@code Settle} run once per call and may answer without calling a provider. The
 * {@code PlanLoop} ({@link PlanRunner}) walks the plan and decides (next key, retry, fall back,
 * wait, stop); everything inside it is the attempt tier ({@link
 * dev.llmgateway.internal.attempt.AttemptChain}), which runs once per attempt, hedged ones
 * included. Per attempt the key comes first, then the circuit breaker's permit, then the budget
 * reservation, so that no budget is reserved for a target whose breaker is closed to it. Chat,
 * streamed chat and embedding calls all take this path; a stage that cares tests the kind of {@link
 * GatewayRequest}.
 */
public final class CallPipeline {
  /** The stages before the user interceptors: validate, attribute. */
  private static final int USER_FROM = 2;

  private final List<Interceptor> chain;
  private final int userTo;

  /**
   * Assembles the chain.
   *
   * @param userInterceptors the user's call interceptors, in order
   * @param quota the quota stage, or null without quotas
   * @param cache the cache stage, or null without a cache
   * @param router plans calls
   * @param prompts the call's prompt estimate, shared by quota and routing
   * @param runner the plan loop
   * @param spend prices and budgets
   * @param events the client's listener
   * @param tenants the tenants' policies by name
   */
  public CallPipeline(
      List<Interceptor> userInterceptors,
      @Nullable QuotaStage quota,
      @Nullable CacheStage cache,
      Router router,
      PromptEstimator prompts,
      PlanRunner runner,
      Spend spend,
      GatewayEventListener events,
      Map<String, TenantRule> tenants) {
    this.chain =
        assemble(userInterceptors, quota, cache, router, prompts, runner, spend, events, tenants);
    this.userTo = USER_FROM + userInterceptors.size();
  }

  /** Builds the chain, top to bottom in the order of the request path (see the class Javadoc). */
  private static List<Interceptor> assemble(
      List<Interceptor> userInterceptors,
      @Nullable QuotaStage quota,
      @Nullable CacheStage cache,
      Router router,
      PromptEstimator prompts,
      PlanRunner runner,
      Spend spend,
      GatewayEventListener events,
      Map<String, TenantRule> tenants) {
    List<Interceptor> stages = new ArrayList<>();
    // Validate: sizes and cross-message references; InvalidRequestException naming the field.
    stages.add(new ValidateStage());
    // Attribute: a configured tenant's default team, feature and tags fill what the context
    // leaves empty; the rest of the call sees that context. A restricted tenant's allowlist is
    // checked against the plan its request resolves to, before quota and cache.
    stages.add(new TenantStage(tenants, router, prompts));
    // User interceptors: once per call, after validation, before quota and route. A stream that
    // proceed() gives one of them and that does not reach the caller is ended by the chain
    // (RealInterceptorChain), so that nothing it holds is left behind.
    if (stages.size() != USER_FROM) {
      throw new IllegalStateException("user interceptors must start at stage " + USER_FROM);
    }
    stages.addAll(userInterceptors);
    // Quota: request and token limits per scope (sliding windows); tokens reserved here, settled
    // to the real usage when the call (or its stream) ends. Only when configured.
    if (quota != null) {
      stages.add(quota);
    }
    // Cache: exact-match lookup keyed by the canonical request and its partition; identical
    // concurrent misses share one upstream call (single flight). Only when configured.
    if (cache != null) {
      stages.add(cache);
    }
    // Budget downgrade: a refusal by a budget with a downgrade alias routes the call once more,
    // to that alias.
    stages.add(new BudgetStage(spend, events));
    // Route: hook, rules, alias -> ordered plan of targets, filtered by capabilities and context
    // window; targets without an available key last.
    // The tenant's allowlist is checked again against the plan routed by (an interceptor may have
    // changed the request).
    stages.add(new RouteStage(router, prompts, tenants));
    // Settle around the plan loop: the winning attempt's reservation is settled with the cost
    // computed from its usage (for a stream, when it ends, breaks or is closed); the attempt tier
    // (key, breaker, reserve, verdict, user attempt interceptors, provider) runs inside the loop.
    stages.add(new AttemptStage(runner, spend, events));
    return List.copyOf(stages);
  }

  /**
   * Runs one call through the chain.
   *
   * @param request the call's request
   * @param state the call's state
   * @return the chain's response, of the request's kind
   */
  public GatewayResponse execute(GatewayRequest request, CallState state) {
    return new RealInterceptorChain(chain, USER_FROM, userTo, request, state).proceed(request);
  }
}
