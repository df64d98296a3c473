package dev.llmgateway.spi;

import dev.llmgateway.error.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one provider instance, as the client hands it to a {@link ProviderFactory}.
 * Immutable; {@link #toString()} never shows key values.
 *
 * @param name the instance's configured name, such as {@code openai} or {@code claude-eu}
 * @param type the factory type that creates it, such as {@code openai} or {@code anthropic}
 * @param baseUrl the API's base URL, or {@code null} for the type's or profile's default
 * @param keys the keys, at least one for providers that need one
 * @param connectTimeout the TCP/TLS connect timeout
 * @param readTimeout the longest silence between two reads before a stream counts as stalled
 * @param headers extra headers sent with every request (not secret)
 * @param profile a named profile of the type (such as {@code azure-openai}), or {@code null}
 * @param options free provider-specific options (such as {@code api-version})
 * @param clock the clock for anything time-based inside the provider (token refresh)
 */
public record ProviderSettings(
    String name,
    String type,
    @Nullable String baseUrl,
    List<ProviderKey> keys,
    Duration connectTimeout,
    Duration readTimeout,
    Map<String, String> headers,
    @Nullable String profile,
    Map<String, String> options,
    Clock clock) {

  /** Default connect timeout: 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default read (stall) timeout: 60 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Validates and copies the settings.
   *
   * @param name the instance's configured name, such as {@code openai} or {@code claude-eu}
   * @param type the factory type that creates it, such as {@code openai} or {@code anthropic}
   * @param baseUrl the API's base URL, or {@code null} for the type's or profile's default
   * @param keys the keys, at least one for providers that need one
   * @param connectTimeout the TCP/TLS connect timeout
   * @param readTimeout the longest silence between two reads before a stream counts as stalled
   * @param headers extra headers sent with every request (not secret)
   * @param profile a named profile of the type (such as {@code azure-openai}), or {@code null}
   * @param options free provider-specific options (such as {@code api-version})
   * @param clock the clock for anything time-based inside the provider (token refresh)
   * @throws ConfigurationException naming the provider and the invalid setting
   */
  public ProviderSettings {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("A provider name must not be blank");
    }
    if (type == null || type.isBlank()) {
      throw new ConfigurationException("Provider '" + name + "' has no type");
    }
    if (baseUrl != null && !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
      throw new ConfigurationException(
          "Provider '"
              + name
              + "' baseUrl must start with http:// or https://, was '"
              + baseUrl
              + "'");
    }
    keys = List.copyOf(keys);
    List<String> ids = new ArrayList<>();
    for (ProviderKey k : keys) {
      if (ids.contains(k.id())) {
        throw new ConfigurationException(
            "Provider '" + name + "' has two keys with id '" + k.id() + "'");
      }
      ids.add(k.id());
    }
    positive(name, "connectTimeout", connectTimeout);
    positive(name, "readTimeout", readTimeout);
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    if (clock == null) {
      throw new ConfigurationException("Provider '" + name + "' has no clock");
    }
  }

  private static void positive(String name, String field, @Nullable Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigurationException(
          "Provider '" + name + "' " + field + " must be positive, was " + d);
    }
  }

  /**
   * A builder for settings.
   *
   * @param name the instance name
   * @param type the factory type
   * @return the builder
   */
  public static Builder builder(String name, String type) {
    return new Builder(name, type);
  }

  /**
   * An option's value.
   *
   * @param key the option
   * @return its value, or {@code null} if not set
   */
  public @Nullable String option(String key) {
    return options.get(key);
  }

  /** Builds {@link ProviderSettings}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final String type;
    private @Nullable String baseUrl;
    private final List<ProviderKey> keys = new ArrayList<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String profile;
    private final Map<String, String> options = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder(String name, String type) {
      this.name = name;
      this.type = type;
    }

    /**
     * Sets the base URL. Defaults to the type's or profile's default.
     *
     * @param baseUrl the URL
     * @return this builder
     */
    public Builder baseUrl(@Nullable String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Adds a key.
     *
     * @param key the key
     * @return this builder
     */
    public Builder key(ProviderKey key) {
      keys.add(key);
      return this;
    }

    /**
     * Sets the connect timeout. Defaults to {@link #DEFAULT_CONNECT_TIMEOUT}.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Sets the read (stall) timeout. Defaults to {@link #DEFAULT_READ_TIMEOUT}.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /**
     * Adds a header sent with every request.
     *
     * @param name the header name
     * @param value the value (not secret)
     * @return this builder
     */
    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /**
     * Sets the profile. Defaults to none.
     *
     * @param profile the profile name
     * @return this builder
     */
    public Builder profile(@Nullable String profile) {
      this.profile = profile;
      return this;
    }

    /**
     * Sets a provider-specific option.
     *
     * @param key the option
     * @param value its value
     * @return this builder
     */
    public Builder option(String key, String value) {
      options.put(key, value);
      return this;
    }

    /**
     * Sets the clock. Defaults to {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws ConfigurationException naming the invalid setting
     */
    public ProviderSettings build() {
      return new ProviderSettings(
          name, type, baseUrl, keys, connectTimeout, readTimeout, headers, profile, options, clock);
    }
  }
}
