package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;

/**
 * Creates providers of type {@code openai}: the OpenAI Chat Completions and Embeddings APIs, sent
 * to {@value #DEFAULT_BASE_URL} unless {@link ProviderSettings#baseUrl()} says otherwise, with
 * {@code Authorization: Bearer <key>}. Found through {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * Provider openai = new OpenAiProviderFactory().create(
 *     ProviderSettings.builder("openai", "openai")
 *         .key(ProviderKey.of("primary", Secret.env("OPENAI_API_KEY")))
 *         .build());
 * }</pre>
 *
 * <p>{@link ProviderSettings#profile()} selects an OpenAI-compatible endpoint's profile; only
 * {@code openai} (the default) exists so far. {@link ProviderSettings#headers()} are sent with
 * every request. Providers share the connection pool of {@link
 * dev.llmgateway.provider.http.HttpClients#shared()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OpenAiProviderFactory implements ProviderFactory {
  /** The type name: {@value}. */
  public static final String TYPE = "openai";

  /** OpenAI's API base URL: {@value}. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** Creates the factory; {@link java.util.ServiceLoader} needs this constructor. */
  public OpenAiProviderFactory() {}

  /**
   * Returns {@value #TYPE}.
   *
   * @return the type name
   */
  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Creates an OpenAI provider instance.
   *
   * @param settings the instance's settings
   * @return the provider
   * @throws ConfigurationException if the profile is unknown or the base URL invalid
   */
  @Override
  public Provider create(ProviderSettings settings) {
    return new OpenAiProvider(settings);
  }
}
