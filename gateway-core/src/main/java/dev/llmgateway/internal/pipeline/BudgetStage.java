package dev.llmgateway.internal.pipeline;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.GatewayRequest;
import dev.llmgateway.GatewayResponse;
import dev.llmgateway.Interceptor;
import dev.llmgateway.error.BudgetExceededException;
import dev.llmgateway.internal.spend.Spend;

/**
 * Budget downgrade, around route: when a budget with a downgrade alias refuses the call, the call
 * is routed once more to that alias. A refusal by a budget without one, or by the same budget for
 * the downgraded call, reaches the caller.
 */
public final class BudgetStage implements Interceptor {
  private final Spend spend;
  private final GatewayEventListener events;

  public BudgetStage(Spend spend, GatewayEventListener events) {
    this.spend = spend;
    this.events = events;
  }

  @Override
  public GatewayResponse intercept(Chain chain) {
    GatewayRequest request = chain.request();
    try {
      return chain.proceed(request);
    } catch (BudgetExceededException e) {
      String alias = spend.downgradeFor(e);
      if (alias == null || alias.equals(request.model())) {
        throw e;
      }
      events.budgetDowngraded(chain.call(), alias, e);
      GatewayRequest downgraded = request.withModel(alias);
      try {
        return chain.proceed(downgraded);
      } catch (BudgetExceededException again) {
        again.addSuppressed(e);
        throw again;
      }
    }
  }
}
