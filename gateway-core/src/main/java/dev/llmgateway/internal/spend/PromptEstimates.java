package dev.llmgateway.internal.spend;

import dev.llmgateway.GatewayRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The prompt estimates of one call: computed only when a stage asks, and at most once per request
 * object and tokenizer id ({@link dev.llmgateway.pricing.TokenEstimator#tokenizerId}), so that
 * quotas, routing and the budget reservation of every attempt share one number. A stage that
 * replaces the request (an interceptor, a budget downgrade) gets fresh estimates.
 *
 * <p>Thread-safe (hedged attempts reserve from two threads). The estimator runs outside the lock,
 * so two threads asking at once for an estimate not yet known may both compute it; the first stored
 * wins.
 */
public final class PromptEstimates {
  private @Nullable GatewayRequest request;

  // Most calls ask for one tokenizer: it gets a slot; a second one and more go to a map.
  private @Nullable String firstId;
  private long first;
  private @Nullable Map<String, Long> more;

  /**
   * The estimate of a request's prompt for a tokenizer, computed on first use.
   *
   * @param request the request as the asking stage sees it (compared by identity)
   * @param tokenizerId the estimator's tokenizer id for the provider type and model
   * @param compute computes the estimate
   * @return the estimate
   */
  public long get(GatewayRequest request, String tokenizerId, LongSupplier compute) {
    synchronized (this) {
      if (this.request == request) {
        if (tokenizerId.equals(firstId)) {
          return first;
        }
        Long known = more == null ? null : more.get(tokenizerId);
        if (known != null) {
          return known;
        }
      }
    }
    long estimate = compute.getAsLong();
    synchronized (this) {
      if (this.request != request) {
        this.request = request;
        firstId = null;
        more = null;
      }
      if (firstId == null) {
        firstId = tokenizerId;
        first = estimate;
        return estimate;
      }
      if (tokenizerId.equals(firstId)) {
        return first;
      }
      if (more == null) {
        more = new HashMap<>(4);
      }
      Long earlier = more.putIfAbsent(tokenizerId, estimate);
      return earlier != null ? earlier : estimate;
    }
  }
}
