package dev.llmgateway.internal;

import dev.llmgateway.GatewayEventListener;
import dev.llmgateway.Interceptor;
import dev.llmgateway.spi.ProviderFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything the builder collected, validated field by field; {@link GatewayEngine#create} checks
 * the references between them.
 *
 * @param providers the providers, in configuration order
 * @param aliases the aliases, in configuration order
 * @param factories factories given to the builder
 * @param classLoader the class loader for {@link java.util.ServiceLoader}
 * @param defaultTimeout the deadline of a call without its own
 * @param maxAttempts the attempt cap of a call without its own
 * @param retriesPerTarget the most retries on one target within a call
 * @param backoff the backoff between retries
 * @param clock the wall clock, handed to providers
 * @param ticker the time source for deadlines and latencies
 * @param random the random source for routing, keys and jitter
 * @param listener the event listener (possibly composite)
 * @param interceptors user interceptors, in order
 * @param sleeper waits for backoff pauses
 */
public record EngineSettings(
    List<ProviderDefinition> providers,
    List<AliasDefinition> aliases,
    List<ProviderFactory> factories,
    ClassLoader classLoader,
    Duration defaultTimeout,
    int maxAttempts,
    int retriesPerTarget,
    Backoff backoff,
    Clock clock,
    Ticker ticker,
    RandomGenerator random,
    GatewayEventListener listener,
    List<Interceptor> interceptors,
    Sleeper sleeper) {

  /**
   * Copies the lists.
   *
   * @param providers the providers, in configuration order
   * @param aliases the aliases, in configuration order
   * @param factories factories given to the builder
   * @param classLoader the class loader for {@link java.util.ServiceLoader}
   * @param defaultTimeout the deadline of a call without its own
   * @param maxAttempts the attempt cap of a call without its own
   * @param retriesPerTarget the most retries on one target within a call
   * @param backoff the backoff between retries
   * @param clock the wall clock, handed to providers
   * @param ticker the time source for deadlines and latencies
   * @param random the random source for routing, keys and jitter
   * @param listener the event listener (possibly composite)
   * @param interceptors user interceptors, in order
   * @param sleeper waits for backoff pauses
   */
  public EngineSettings {
    providers = List.copyOf(providers);
    aliases = List.copyOf(aliases);
    factories = List.copyOf(factories);
    interceptors = List.copyOf(interceptors);
  }
}
