package dev.llmgateway.model;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a call was served: the alias it asked for, the target that answered, every attempt made on
 * the way, whether the answer came from the cache, and the end-to-end latency.
 *
 * @param alias the alias the request named, or {@code null} if it addressed a model directly
 * @param target the target that produced the answer
 * @param keyId the id of the key that produced the answer (never the key), or {@code null}
 * @param attempts every attempt in order; the last one is the successful one unless served from the
 *     cache
 * @param cacheHit whether the answer came from the response cache
 * @param latency the time from the call's start to its answer (for streams: to the last chunk)
 */
public record Route(
    @Nullable String alias,
    TargetRef target,
    @Nullable String keyId,
    List<Attempt> attempts,
    boolean cacheHit,
    Duration latency) {

  /**
   * Validates and copies the route.
   *
   * @param latency the time from the call's start to its answer (for streams: to the last chunk)
   * @param alias the alias the request named, or {@code null} if it addressed a model directly
   * @param target the target that produced the answer
   * @param keyId the id of the key that produced the answer (never the key), or {@code null}
   * @param attempts every attempt in order; the last one is the successful one unless served from
   *     the cache
   * @param cacheHit whether the answer came from the response cache
   * @throws IllegalArgumentException if target, attempts or latency is null
   */
  public Route {
    if (target == null || attempts == null || latency == null) {
      throw new IllegalArgumentException("target, attempts and latency must not be null");
    }
    attempts = List.copyOf(attempts);
  }

  /**
   * A route for an answer that was not served through a client (for example straight from a
   * provider in a test): the target only, no attempts.
   *
   * @param target the target that answered
   * @return the route
   */
  public static Route direct(TargetRef target) {
    return new Route(null, target, null, List.of(), false, Duration.ZERO);
  }

  /**
   * Whether the answer needed more than one attempt.
   *
   * @return {@code true} if an earlier attempt failed
   */
  public boolean retriedOrFellBack() {
    return attempts.size() > 1;
  }
}
