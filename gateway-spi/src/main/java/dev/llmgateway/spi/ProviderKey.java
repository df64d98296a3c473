package dev.llmgateway.spi;

import dev.llmgateway.error.ConfigurationException;

/**
 * One credential of a provider, with an id that is safe to print and record.
 *
 * @param id the key's id (such as {@code primary}); appears in usage records and logs
 * @param secret the key itself; never printed
 * @param weight the key's share of traffic in its pool, at least 1
 */
public record ProviderKey(String id, Secret secret, int weight) {
  /** The weight of a key added without one. */
  public static final int DEFAULT_WEIGHT = 1;

  /**
   * Validates the key.
   *
   * @param id the key's id (such as {@code primary}); appears in usage records and logs
   * @param secret the key itself; never printed
   * @param weight the key's share of traffic in its pool, at least 1
   * @throws ConfigurationException if the id is blank, the secret null or the weight below 1
   */
  public ProviderKey {
    if (id == null || id.isBlank()) {
      throw new ConfigurationException("A provider key id must not be blank");
    }
    if (secret == null) {
      throw new ConfigurationException("Provider key '" + id + "' has no secret");
    }
    if (weight < 1) {
      throw new ConfigurationException(
          "Provider key '" + id + "' weight must be at least 1, was " + weight);
    }
  }

  /**
   * A key with the default weight.
   *
   * @param id the key's id
   * @param secret the key
   * @return the key
   * @throws ConfigurationException if the id is blank
   */
  public static ProviderKey of(String id, Secret secret) {
    return new ProviderKey(id, secret, DEFAULT_WEIGHT);
  }
}
