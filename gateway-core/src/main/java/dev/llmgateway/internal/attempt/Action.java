package dev.llmgateway.internal.attempt;

import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;

/**
 * One provider operation, the end of every attempt: chat, open a stream, or embed.
 *
 * @param <R> what the provider returns
 */
@FunctionalInterface
public interface Action<R> {

  /**
   * Calls the provider.
   *
   * @param provider the target's provider
   * @param attempt the attempt under way
   * @param call the key, time left, cancellation and headers of the attempt
   * @return what the provider returned
   */
  R call(Provider provider, AttemptContext attempt, ProviderCall call);
}
