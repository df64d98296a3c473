package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.internal.call.CallState;
import dev.llmgateway.internal.config.TenantRule;
import dev.llmgateway.internal.routing.Landing;
import dev.llmgateway.internal.routing.Plan;
import dev.llmgateway.internal.routing.PromptEstimator;
import dev.llmgateway.internal.routing.Router;
import dev.llmgateway.internal.stream.CachingChatStream;
import dev.llmgateway.model.TargetRef;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 5, route: resolves the requested model to the call's ordered {@link Plan}, refused with
 * {@link dev.llmgateway.error.TenantPolicyException} when the resolved alias or its targets are
 * outside the allowlist of the call's tenant (see {@link TenantStage#check}); when the plan has a
 * {@link Landing} (cache affinity, a stored Responses answer), tells it where the call was answered
 * (a stream: once it has been read to its end).
 */
public final class RouteStage implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(RouteStage.class);

  private final Router router;
  private final PromptEstimator prompts;
  private final Map<String, TenantRule> tenants;

  /**
   * Creates the stage.
   *
   * @param router plans calls
   * @param prompts the prompt estimate, asked only if routing needs it
   * @param tenants the tenants' policies by name, checked against the plan
   */
  public RouteStage(Router router, PromptEstimator prompts, Map<String, TenantRule> tenants) {
    this.router = router;
    this.prompts = prompts;
    this.tenants = tenants;
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    CallState state = RealInterceptorChain.stateOf(chain);
    GatewayRequest request = chain.request();
    Plan plan =
        router
            .plan(
                request,
                request.context(),
                state.random(),
                false,
                () -> prompts.estimate(request, state.estimates()))
            .plan();
    TenantStage.check(tenants, request.context(), plan);
    state.plan(plan);
    List<TargetRef> refs = plan.refs();
    log.debug("Call {} for '{}' routes to {}", state.info().id(), chain.request().model(), refs);
    state.events().routeResolved(state.info(), plan.alias(), refs);
    GatewayResponse response = chain.proceed(chain.request());
    Landing landing = plan.landing();
    return landing == null ? response : observe(response, landing);
  }

  /** Tells the landing where a chat answer came from; a stream's at its end. */
  private static GatewayResponse observe(GatewayResponse response, Landing landing) {
    if (response instanceof GatewayResponse.Chat c) {
      landing.landed(c.response());
    } else if (response instanceof GatewayResponse.Stream s) {
      return new GatewayResponse.Stream(
          new CachingChatStream(s.stream(), landing::landed, () -> {}));
    }
    return response;
  }
}
