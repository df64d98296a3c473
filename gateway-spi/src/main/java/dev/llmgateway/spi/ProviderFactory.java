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
}
