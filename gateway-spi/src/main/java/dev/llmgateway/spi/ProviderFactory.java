package dev.llmgateway.spi;

/**
 * Creates {@link Provider}s of one type. Found through {@link java.util.ServiceLoader} (list the
 * implementation in {@code META-INF/services/dev.llmgateway.spi.ProviderFactory}) or given to the
 * client's builder directly.
 *
 * <pre>{@code
 * public final class EchoProviderFactory implements ProviderFactory {
 *   public String type() { return "echo"; }
 *   public Provider create(ProviderSettings settings) { return new EchoProvider(settings); }
 * }
 * }</pre>
 *
 * <p>Implementations must be stateless, thread-safe and have a public no-argument constructor. Two
 * factories claiming one type is a start-up error.
 */
public interface ProviderFactory {

  /**
   * The type name this factory creates providers for, such as {@code openai}; lower case.
   *
   * @return the type name
   */
  String type();

  /**
   * Creates a provider instance.
   *
   * @param settings the instance's settings
   * @return the provider
   * @throws dev.llmgateway.error.ConfigurationException if the settings do not fit this type
   */
  Provider create(ProviderSettings settings);

  /**
   * Whether a provider of this type needs a key with these settings. The client asks before it
   * creates the provider: one that needs a key and has none fails {@code build()} with a {@link
   * dev.llmgateway.error.ConfigurationException} naming it, instead of failing its first call.
   * Defaults to {@code false}: a provider that can work without a key (a local server, a cloud
   * SDK's own credentials chain), and every factory written before this method, builds without one.
   *
   * @param settings the instance's settings; its profile or options may decide
   * @return {@code true} if no call can succeed without a key
   * @throws dev.llmgateway.error.ConfigurationException if the settings do not fit this type (such
   *     as an unknown profile)
   */
  default boolean requiresKey(ProviderSettings settings) {
    return false;
  }
}
