package dev.llmgateway;

import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.TargetRef;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Observes each provider attempt of a call: one per target, key, retry, fallback and hedge. Added
 * with {@link GatewayClient.Builder#attemptInterceptor(AttemptInterceptor)}; the attempt tier's
 * counterpart of {@link Interceptor}, as OkHttp's network interceptors are of its application
 * interceptors.
 *
 * <pre>{@code
 * AttemptInterceptor timing = chain -> {
 *   long start = System.nanoTime();
 *   try {
 *     return chain.proceed();
 *   } finally {
 *     metrics.record(chain.target(), chain.keyId(), System.nanoTime() - start);
 *   }
 * };
 * }</pre>
 *
 * <p><b>Where they run.</b> Per attempt, after the key was chosen, the circuit breaker granted its
 * permit and the attempt's worst-case cost was reserved in every applicable budget, right before
 * the provider is called: {@code key -> breaker permit -> budget reservation -> your attempt
 * interceptors, in the order added -> provider}. Hedged attempts pass through them too, on the
 * thread that runs the hedge (the client's executor).
 *
 * <p><b>Contract.</b> An interceptor calls {@link Chain#proceed()} at most once and returns the
 * {@link Result} it got (a second {@code proceed()} or another result throws {@link
 * IllegalStateException}). It may instead throw a {@link dev.llmgateway.error.ProviderException}:
 * the attempt then fails with it as if the provider had, so its {@link
 * dev.llmgateway.error.ErrorKind} decides retry and fallback, and the breaker counts it; that is
 * how a test injects faults. Any other exception ends the call as is, after the attempt's permit
 * and reservation were released. Interceptors run concurrently for concurrent attempts and must be
 * thread-safe.
 */
@FunctionalInterface
public interface AttemptInterceptor {

  /**
   * Handles one attempt.
   *
   * @param chain the attempt and the rest of its path
   * @return the result {@code chain.proceed()} returned
   * @throws dev.llmgateway.error.ProviderException to fail the attempt as a provider would
   */
  Result intercept(Chain chain);

  /** One attempt, as seen by one attempt interceptor. */
  interface Chain {

    /**
     * The call the attempt belongs to.
     *
     * @return the call's id, kind, requested model and attribution
     */
    CallInfo call();

    /**
     * The target this attempt goes to.
     *
     * @return the provider and model
     */
    TargetRef target();

    /**
     * The id of the key this attempt uses (never the secret).
     *
     * @return the key id
     */
    String keyId();

    /**
     * The attempt's number within its call, from 1.
     *
     * @return the number
     */
    int attemptNumber();

    /**
     * Whether the attempt runs as part of a hedge (in parallel with another attempt of the call).
     *
     * @return {@code true} for a hedged attempt
     */
    boolean hedged();

    /**
     * The time the attempt may take: what was left of the call's deadline when it started.
     *
     * @return the time allotted
     */
    Duration timeAllotted();

    /**
     * Calls the provider (or the next attempt interceptor).
     *
     * @return what the provider answered
     * @throws dev.llmgateway.error.ProviderException if the provider call fails
     * @throws IllegalStateException if called a second time
     */
    Result proceed();
  }

  /** What a provider answered to one attempt. */
  interface Result {

    /**
     * The answer of a plain chat attempt.
     *
     * @return the answer, or {@code null} for a stream or an embedding attempt
     */
    @Nullable ChatResponse chatResponse();

    /**
     * The answer of an embedding attempt.
     *
     * @return the answer, or {@code null} for a chat attempt
     */
    @Nullable EmbeddingResponse embeddingResponse();

    /**
     * Whether the attempt opened a stream (read up to its first content chunk).
     *
     * @return {@code true} for a streamed chat attempt
     */
    boolean streamOpened();
  }
}
