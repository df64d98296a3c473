package dev.llmgateway.config;

/**
 * Creates shared stores for a configuration file's {@code stores} section: the extension point
 * through which a module such as {@code gateway-redis} is configured from a file while {@code
 * gateway-core} does not depend on it. Factories are found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.llmgateway.config.StoreFactory}, or {@code provides} in a module);
 * the one that {@linkplain #supports supports} the URI's scheme is used, and two that support it
 * are an error naming both.
 *
 * <p>Implementations are stateless or thread-safe; {@link #create} may return the same stores for
 * equal settings (a reloaded file), so that a reload opens no new connection.
 */
public interface StoreFactory {

  /**
   * Whether this factory creates stores for URIs of the scheme.
   *
   * @param scheme the URI's scheme in lower case, such as {@code redis}
   * @return {@code true} if it does
   */
  boolean supports(String scheme);

  /**
   * Creates (or returns) the stores of a {@code stores} section.
   *
   * @param settings the section, with its password resolved
   * @return the stores
   * @throws dev.llmgateway.error.ConfigurationException if the settings cannot be used
   */
  SharedStores create(StoreSettings settings);
}
