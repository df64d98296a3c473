package dev.llmgateway.internal.routing;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.internal.config.ModelRule;
import dev.llmgateway.internal.spend.PromptEstimates;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.pricing.TokenEstimator;
import java.util.List;

/**
 * A chat request's estimated prompt tokens before a target is known, for quotas, request rules,
 * routing hooks, context-window filters and strategies: computed at most once per call and
 * tokenizer through the call's {@link PromptEstimates}, and only when one of them asks. Uses the
 * type of the provider and the model the request names ({@code provider/model}, or a model rule's
 * provider), else an empty type and the name (an alias). Embeddings: 0. Thread-safe.
 */
public final class PromptEstimator {
  private final RouteTable table;
  private final List<ModelRule> modelRules;
  private final TokenEstimator estimator;

  /**
   * Creates the estimator of one snapshot.
   *
   * @param table the snapshot's providers and aliases
   * @param modelRules the model rules, in order
   * @param estimator the token estimator
   */
  public PromptEstimator(RouteTable table, List<ModelRule> modelRules, TokenEstimator estimator) {
    this.table = table;
    this.modelRules = List.copyOf(modelRules);
    this.estimator = estimator;
  }

  /**
   * The request's prompt estimate.
   *
   * @param request the request
   * @param estimates the call's estimates, where the number is kept once computed
   * @return the estimate
   */
  public long estimate(GatewayRequest request, PromptEstimates estimates) {
    if (!(request instanceof GatewayRequest.Chat chat)) {
      return 0;
    }
    String requested = chat.request().model();
    String type = "";
    String model = requested;
    if (!table.aliases().containsKey(requested)) {
      TargetRef direct = table.parseDirect(requested);
      if (direct != null) {
        type = table.providers().get(direct.provider()).type();
        model = direct.model();
      } else {
        for (ModelRule r : modelRules) {
          if (r.matches(requested)) {
            type = table.providers().get(r.provider()).type();
            break;
          }
        }
      }
    }
    String t = type;
    String m = model;
    return estimates.get(
        request, estimator.tokenizerId(t, m), () -> estimator.estimateChat(t, m, chat.request()));
  }
}
