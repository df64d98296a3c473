package dev.llmgateway.routing;

import dev.llmgateway.model.RequestContext;

/**
 * What request rules and a {@link RoutingHook} see of a call when they pick its alias.
 *
 * @param model the model or alias the request named
 * @param context who the call is for; a priority travels as the tag {@code priority}
 * @param estimatedPromptTokens the prompt's tokens as the client's {@link
 *     dev.llmgateway.pricing.TokenEstimator} estimates them before a target is known (0 for
 *     embeddings)
 * @param streaming whether the call is a streamed chat call
 */
public record RouteRequest(
    String model, RequestContext context, long estimatedPromptTokens, boolean streaming) {

  /** The tag of {@link RequestContext#tags()} that carries a call's priority. */
  public static final String PRIORITY_TAG = "priority";

  /**
   * The call's priority: the value of its {@value #PRIORITY_TAG} tag.
   *
   * @return the priority, or {@code null} if the tag is absent
   */
  public @org.jspecify.annotations.Nullable String priority() {
    return context.tags().get(PRIORITY_TAG);
  }
}
