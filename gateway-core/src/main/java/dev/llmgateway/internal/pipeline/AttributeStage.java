package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.model.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2, attribute: attaches the request's {@link RequestContext} (tenant, team, feature, user,
 * tags) to the call, where quota, budget and usage recording read it.
 *
 * <p>Tenant policy (which aliases a tenant may use) plugs in here: it will be checked against
 * {@code state.context()} and the requested model before the chain proceeds.
 */
public final class AttributeStage implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(AttributeStage.class);

  @Override
  public GatewayResponse intercept(Chain chain) {
    CallState state = RealInterceptorChain.stateOf(chain);
    RequestContext context = chain.request().context();
    state.context(context);
    if (log.isDebugEnabled() && !context.equals(RequestContext.EMPTY)) {
      log.debug(
          "Call {} attributed to tenant={} team={} feature={}",
          state.info().id(),
          context.tenant(),
          context.team(),
          context.feature());
    }
    return chain.proceed(chain.request());
  }
}
