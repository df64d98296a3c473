package dev.llmgateway.routing;

import dev.llmgateway.model.Money;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Live facts about one target that latency-, load- and cost-aware strategies rank by.
 *
 * @param inFlight the attempts running on the target right now, in this client
 * @param latency the exponentially weighted moving average of its successful attempts' latency, or
 *     {@code null} before the first one
 * @param timeToFirstToken the moving average of its streams' time to the first content chunk, or
 *     {@code null} before the first one
 * @param estimatedCost the estimated cost of this call on the target from the target's price hint
 *     (estimated prompt tokens plus {@code maxTokens} or 256 output tokens), or {@code null} when
 *     the target has no price hint
 * @param contextWindow the target's configured context window in tokens, or 0 if not configured
 */
public record TargetSignals(
    int inFlight,
    @Nullable Duration latency,
    @Nullable Duration timeToFirstToken,
    @Nullable Money estimatedCost,
    int contextWindow) {

  /** Nothing known. */
  public static final TargetSignals UNKNOWN = new TargetSignals(0, null, null, null, 0);
}
