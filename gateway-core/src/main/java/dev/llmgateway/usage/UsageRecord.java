package dev.llmgateway.usage;

import dev.llmgateway.CallInfo;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What one call used and cost: written once per call (chat, stream or embedding; success or
 * failure) to the usage sinks. Holds the key's id, never the key. Immutable.
 *
 * @param requestId the client's id for the call ({@link CallInfo#id()})
 * @param time when the call ended, by the client's clock (for streams: when the stream ended)
 * @param kind chat, stream or embedding
 * @param context the caller's attribution: tenant, team, feature, user and tags
 * @param requestedModel the model or alias the caller asked for
 * @param alias the alias the call was routed through, or {@code null} for {@code provider/model} or
 *     when routing did not happen
 * @param provider the configured provider that answered (or whose attempt failed last), or {@code
 *     null} if no provider was called
 * @param model the concrete model that answered (or failed last), or {@code null}
 * @param keyId the id of the key used (never the key), or {@code null}
 * @param usage the token counts; {@link Usage#ZERO} for failures; for a stream that ended early
 *     (closed, cancelled, broken or abandoned), the counts its charge was computed from: reported
 *     so far, or estimated from the prompt and the text received
 * @param cost what the call cost: as the response said, or for a stream that ended early what its
 *     budgets were charged ({@link Cost#UNKNOWN} when not priced or nothing was charged)
 * @param latency the time from the call's start to its end (for streams: to the last chunk)
 * @param timeToFirstToken for streams, the time from the call's start to the first content chunk;
 *     otherwise {@code null}
 * @param cacheHit whether the answer came from the response cache
 * @param savedCost for a cache hit, what the call that produced the cached answer cost (the money
 *     this call saved); {@link Money#ZERO} otherwise
 * @param attempts the number of provider attempts made
 * @param outcome how the call ended
 * @param errorKind the provider error kind that ended a failed call, or {@code null}
 * @param errorType the simple class name of the exception that ended the call, or {@code null} on
 *     success
 */
public record UsageRecord(
    String requestId,
    Instant time,
    CallInfo.Kind kind,
    RequestContext context,
    String requestedModel,
    @Nullable String alias,
    @Nullable String provider,
    @Nullable String model,
    @Nullable String keyId,
    Usage usage,
    Cost cost,
    Duration latency,
    @Nullable Duration timeToFirstToken,
    boolean cacheHit,
    Money savedCost,
    int attempts,
    UsageOutcome outcome,
    @Nullable ErrorKind errorKind,
    @Nullable String errorType) {

  /**
   * Validates the record.
   *
   * @param requestId the client's id for the call
   * @param time when the call ended, by the client's clock
   * @param kind chat, stream or embedding
   * @param context the caller's attribution
   * @param requestedModel the model or alias the caller asked for
   * @param alias the alias the call was routed through, or {@code null}
   * @param provider the provider that answered or failed last, or {@code null}
   * @param model the concrete model that answered or failed last, or {@code null}
   * @param keyId the id of the key used (never the key), or {@code null}
   * @param usage the token counts (for a stream that ended early: what its charge was computed
   *     from)
   * @param cost what the call cost (for a stream that ended early: what its budgets were charged)
   * @param latency the time from the call's start to its end
   * @param timeToFirstToken for streams, the time to the first content chunk; otherwise {@code
   *     null}
   * @param cacheHit whether the answer came from the response cache
   * @param savedCost for a cache hit, what the call that produced the cached answer cost (the money
   *     this call saved); {@link Money#ZERO} otherwise
   * @param attempts the number of provider attempts made
   * @param outcome how the call ended
   * @param errorKind the provider error kind that ended a failed call, or {@code null}
   * @param errorType the simple class name of the exception that ended the call, or {@code null}
   * @throws IllegalArgumentException if a required component is null, attempts is negative, or a
   *     successful record carries an error
   */
  public UsageRecord {
    if (requestId == null
        || time == null
        || kind == null
        || context == null
        || requestedModel == null
        || usage == null
        || cost == null
        || latency == null
        || outcome == null) {
      throw new IllegalArgumentException(
          "UsageRecord requestId, time, kind, context, requestedModel, usage, cost, latency and"
              + " outcome must not be null (requestId="
              + requestId
              + ")");
    }
    if (attempts < 0) {
      throw new IllegalArgumentException(
          "UsageRecord attempts must not be negative, was " + attempts);
    }
    if (outcome == UsageOutcome.SUCCESS && (errorKind != null || errorType != null)) {
      throw new IllegalArgumentException(
          "A SUCCESS UsageRecord has no error, was " + errorKind + "/" + errorType);
    }
  }

  /**
   * Whether the call succeeded.
   *
   * @return {@code true} for {@link UsageOutcome#SUCCESS}
   */
  public boolean succeeded() {
    return outcome == UsageOutcome.SUCCESS;
  }
}
