package dev.llmgateway.examples.custom;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates {@link FaqProvider}s: type {@code faq}. Each provider option {@code answer.KEYWORD}
 * becomes an entry of the provider's answer table.
 *
 * <pre>{@code
 * .provider("faq", p -> p.type("faq")
 *     .option("answer.breaker", "A circuit breaker stops calls to a failing service."))
 * }</pre>
 *
 * <p>Stateless and thread-safe, as the SPI requires.
 */
public final class FaqProviderFactory implements ProviderFactory {
  /** The type name this factory registers. */
  public static final String TYPE = "faq";

  private static final String ANSWER_PREFIX = "answer.";

  /** Creates the factory; {@link java.util.ServiceLoader} calls this. */
  public FaqProviderFactory() {}

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Creates a provider from the {@code answer.*} options.
   *
   * @param settings the provider's settings
   * @return the provider
   * @throws ConfigurationException if no {@code answer.*} option is given
   */
  @Override
  public Provider create(ProviderSettings settings) {
    Map<String, String> answers = new LinkedHashMap<>();
    settings
        .options()
        .forEach(
            (key, value) -> {
              if (key.startsWith(ANSWER_PREFIX)) {
                answers.put(key.substring(ANSWER_PREFIX.length()), value);
              }
            });
    if (answers.isEmpty()) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' of type 'faq' needs at least one option 'answer.<keyword>'");
    }
    return new FaqProvider(settings.name(), answers);
  }
}
