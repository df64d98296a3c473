package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.ProviderDefinition;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures one provider instance inside {@link GatewayClient.Builder#provider(String,
 * java.util.function.Consumer)}. Every setter checks its argument at once and throws {@link
 * ConfigurationException} naming the provider and the value given.
 *
 * <pre>{@code
 * .provider("claude", p -> p.type("anthropic")
 *     .key("primary", Secret.env("ANTHROPIC_KEY_1"), 70)
 *     .key("secondary", Secret.env("ANTHROPIC_KEY_2"), 30))
 * }</pre>
 *
 * <p>Not thread-safe; used only while the builder runs its configurer. {@link #toString()} never
 * shows key values.
 */
public final class ProviderSpec {
  /** The id of the key set with {@link #apiKey(Secret)}. */
  public static final String DEFAULT_KEY_ID = "default";

  /** The weight of a key added without one. */
  public static final int DEFAULT_KEY_WEIGHT = ProviderKey.DEFAULT_WEIGHT;

  /** The default connect timeout: 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = ProviderSettings.DEFAULT_CONNECT_TIMEOUT;

  /** The default read (stall) timeout: 60 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = ProviderSettings.DEFAULT_READ_TIMEOUT;

  /** How long a rate-limited key rests when the provider gave no Retry-After: 10 seconds. */
  public static final Duration DEFAULT_RATE_LIMIT_COOLDOWN = Duration.ofSeconds(10);

  /** The default way attempts take keys: {@link KeySelection#WEIGHTED}. */
  public static final KeySelection DEFAULT_KEY_SELECTION = KeySelection.WEIGHTED;

  /** How a provider's attempts take its keys. */
  public enum KeySelection {
    /** Weighted random: the first key picked with probability weight / sum(weights). */
    WEIGHTED,
    /** Round robin: each attempt sequence starts at the next key, ignoring weights. */
    ROUND_ROBIN
  }

  private final String name;
  private @Nullable String type;
  private @Nullable String baseUrl;
  private final List<ProviderKey> keys = new ArrayList<>();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, String> options = new LinkedHashMap<>();
  private @Nullable String profile;
  private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private Duration readTimeout = DEFAULT_READ_TIMEOUT;
  private Duration rateLimitCooldown = DEFAULT_RATE_LIMIT_COOLDOWN;
  private KeySelection keySelection = DEFAULT_KEY_SELECTION;

  ProviderSpec(String name) {
    this.name = name;
  }

  /**
   * Sets the provider type, the {@link dev.llmgateway.spi.ProviderFactory#type()} that creates it,
   * such as {@code openai} or {@code anthropic}. Defaults to the provider's name.
   *
   * @param type the type, not blank
   * @return this spec
   * @throws ConfigurationException if the type is blank
   */
  public ProviderSpec type(String type) {
    this.type = notBlank(type, "type");
    return this;
  }

  /**
   * Sets the API's base URL. Defaults to the type's or profile's own default.
   *
   * @param baseUrl an {@code http://} or {@code https://} URL
   * @return this spec
   * @throws ConfigurationException if the URL does not start with {@code http://} or {@code
   *     https://}
   */
  public ProviderSpec baseUrl(String baseUrl) {
    if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
      throw new ConfigurationException(
          "Provider '"
              + name
              + "' baseUrl must start with http:// or https://, was "
              + quote(baseUrl));
    }
    this.baseUrl = baseUrl;
    return this;
  }

  /**
   * Adds the provider's single key, with id {@value #DEFAULT_KEY_ID}. Defaults to no key.
   *
   * @param secret the key
   * @return this spec
   * @throws ConfigurationException if the secret is null or a key with the default id exists
   */
  public ProviderSpec apiKey(Secret secret) {
    return key(DEFAULT_KEY_ID, secret, DEFAULT_KEY_WEIGHT);
  }

  /**
   * Adds a key with weight {@value #DEFAULT_KEY_WEIGHT}. Defaults to no key.
   *
   * @param id the key's id, printed in logs and usage records instead of the key
   * @param secret the key
   * @return this spec
   * @throws ConfigurationException if the id is blank or taken, or the secret null
   */
  public ProviderSpec key(String id, Secret secret) {
    return key(id, secret, DEFAULT_KEY_WEIGHT);
  }

  /**
   * Adds a key to the provider's key pool. Each attempt takes a key by weighted random pick; on a
   * failure whose kind moves to the next key (rate limit, authentication) the next key is tried
   * before falling back. Defaults to no key.
   *
   * @param id the key's id, printed in logs and usage records instead of the key
   * @param secret the key
   * @param weight the key's share of traffic, at least 1
   * @return this spec
   * @throws ConfigurationException if the id is blank or taken, the secret null or the weight below
   *     1
   */
  public ProviderSpec key(String id, Secret secret, int weight) {
    notBlank(id, "key id");
    if (secret == null) {
      throw new ConfigurationException("Provider '" + name + "' key '" + id + "' has no secret");
    }
    if (weight < 1) {
      throw new ConfigurationException(
          "Provider '" + name + "' key '" + id + "' weight must be at least 1, was " + weight);
    }
    for (ProviderKey k : keys) {
      if (k.id().equals(id)) {
        throw new ConfigurationException(
            "Provider '" + name + "' already has a key with id '" + id + "'");
      }
    }
    keys.add(new ProviderKey(id, secret, weight));
    return this;
  }

  /**
   * Adds a header sent with every request of this provider. Defaults to none.
   *
   * @param name the header name
   * @param value the value; not secret (it may be logged)
   * @return this spec
   * @throws ConfigurationException if the name is blank or the value null
   */
  public ProviderSpec header(String name, String value) {
    notBlank(name, "header name");
    if (value == null) {
      throw new ConfigurationException(
          "Provider '" + this.name + "' header '" + name + "' has a null value");
    }
    headers.put(name, value);
    return this;
  }

  /**
   * Sets a provider-specific option, such as {@code api-version}. Defaults to none.
   *
   * @param key the option
   * @param value its value
   * @return this spec
   * @throws ConfigurationException if the key is blank or the value null
   */
  public ProviderSpec option(String key, String value) {
    notBlank(key, "option name");
    if (value == null) {
      throw new ConfigurationException(
          "Provider '" + name + "' option '" + key + "' has a null value");
    }
    options.put(key, value);
    return this;
  }

  /**
   * Sets a named profile of the type, such as {@code azure-openai}. Defaults to none.
   *
   * @param profile the profile
   * @return this spec
   * @throws ConfigurationException if the profile is blank
   */
  public ProviderSpec profile(String profile) {
    this.profile = notBlank(profile, "profile");
    return this;
  }

  /**
   * Sets the TCP/TLS connect timeout. Defaults to {@link #DEFAULT_CONNECT_TIMEOUT}.
   *
   * @param timeout a positive duration
   * @return this spec
   * @throws ConfigurationException if the timeout is null, zero or negative
   */
  public ProviderSpec connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /**
   * Sets the longest silence between two reads before a stream counts as stalled. The call's
   * end-to-end deadline still applies. Defaults to {@link #DEFAULT_READ_TIMEOUT}.
   *
   * @param timeout a positive duration
   * @return this spec
   * @throws ConfigurationException if the timeout is null, zero or negative
   */
  public ProviderSpec readTimeout(Duration timeout) {
    this.readTimeout = positive(timeout, "readTimeout");
    return this;
  }

  /**
   * Sets how attempts take the provider's keys. Defaults to {@link #DEFAULT_KEY_SELECTION}.
   *
   * @param selection weighted or round robin
   * @return this spec
   * @throws ConfigurationException if null
   */
  public ProviderSpec keySelection(KeySelection selection) {
    if (selection == null) {
      throw new ConfigurationException("Provider '" + name + "' keySelection must not be null");
    }
    this.keySelection = selection;
    return this;
  }

  /**
   * Sets how long a key rests after a rate limit (HTTP 429) that came without a {@code
   * Retry-After}, or after the provider reported its allowance spent; with a {@code Retry-After}
   * the key rests that long instead. While a key rests, attempts use the provider's other keys.
   * Defaults to {@link #DEFAULT_RATE_LIMIT_COOLDOWN}.
   *
   * @param cooldown a positive duration
   * @return this spec
   * @throws ConfigurationException if null, zero or negative
   */
  public ProviderSpec rateLimitCooldown(Duration cooldown) {
    this.rateLimitCooldown = positive(cooldown, "rateLimitCooldown");
    return this;
  }

  ProviderDefinition toDefinition() {
    return new ProviderDefinition(
        name,
        type != null ? type : name,
        baseUrl,
        keys,
        connectTimeout,
        readTimeout,
        headers,
        profile,
        options,
        keySelection == KeySelection.ROUND_ROBIN,
        rateLimitCooldown);
  }

  private String notBlank(@Nullable String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(
          "Provider '" + name + "' " + what + " must not be blank, was " + quote(value));
    }
    return value;
  }

  private Duration positive(@Nullable Duration value, String what) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new ConfigurationException(
          "Provider '" + name + "' " + what + " must be positive, was " + value);
    }
    return value;
  }

  private static String quote(@Nullable String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  /** Describes the spec; key values never appear, only their ids, weights and sources. */
  @Override
  public String toString() {
    return toDefinition().toString();
  }
}
