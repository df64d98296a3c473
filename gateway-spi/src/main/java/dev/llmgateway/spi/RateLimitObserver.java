package dev.llmgateway.spi;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Receives what a provider learned about its key's remaining rate limit from an answer (for HTTP
 * providers, the {@code x-ratelimit-remaining-requests}, {@code x-ratelimit-remaining-tokens} and
 * {@code x-ratelimit-reset-*} headers). The client uses it to move a key pool off a key before that
 * key answers 429. Optional: a provider that never calls it loses only this early warning.
 *
 * <pre>{@code
 * call.rateLimitObserver().observe(remainingRequests, remainingTokens, resetIn);
 * }</pre>
 *
 * <p>Implementations are thread-safe, fast and never throw; providers call them on the thread
 * running the attempt, at most once per answer, before returning it.
 */
@FunctionalInterface
public interface RateLimitObserver {

  /** An observer that ignores every hint; the default of a {@link ProviderCall}. */
  RateLimitObserver NONE = (remainingRequests, remainingTokens, resetIn) -> {};

  /**
   * Reports the key's remaining allowance after an answer.
   *
   * @param remainingRequests requests left in the current window, or {@code -1} if not known
   * @param remainingTokens tokens left in the current window, or {@code -1} if not known
   * @param resetIn when the window resets (the longer of the request and token resets), or {@code
   *     null} if not known
   */
  void observe(long remainingRequests, long remainingTokens, @Nullable Duration resetIn);
}
