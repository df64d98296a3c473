package dev.llmgateway.internal.config;

import dev.llmgateway.spi.ProviderKey;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One provider as configured on the builder, before its factory is found. {@link #toString()} shows
 * key ids and secret sources, never key values.
 *
 * @param name the configured name
 * @param type the factory type
 * @param baseUrl the base URL, or {@code null}
 * @param keys the keys
 * @param connectTimeout the connect timeout
 * @param readTimeout the read timeout
 * @param headers extra headers
 * @param profile the profile, or {@code null}
 * @param options provider options
 * @param roundRobinKeys whether attempts take keys round robin instead of by weight
 * @param rateLimitCooldown how long a rate-limited key rests without a Retry-After
 */
public record ProviderDefinition(
    String name,
    String type,
    @Nullable String baseUrl,
    List<ProviderKey> keys,
    Duration connectTimeout,
    Duration readTimeout,
    Map<String, String> headers,
    @Nullable String profile,
    Map<String, String> options,
    boolean roundRobinKeys,
    Duration rateLimitCooldown) {

  /**
   * Copies the collections.
   *
   * @param roundRobinKeys whether attempts take keys round robin instead of by weight
   * @param rateLimitCooldown how long a rate-limited key rests without a Retry-After
   * @param name the configured name
   * @param type the factory type
   * @param baseUrl the base URL, or {@code null}
   * @param keys the keys
   * @param connectTimeout the connect timeout
   * @param readTimeout the read timeout
   * @param headers extra headers
   * @param profile the profile, or {@code null}
   * @param options provider options
   */
  public ProviderDefinition {
    keys = List.copyOf(keys);
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("Provider{name=").append(name).append(", type=").append(type);
    if (baseUrl != null) {
      sb.append(", baseUrl=").append(baseUrl);
    }
    if (profile != null) {
      sb.append(", profile=").append(profile);
    }
    sb.append(", keys=[");
    for (int i = 0; i < keys.size(); i++) {
      ProviderKey k = keys.get(i);
      sb.append(i == 0 ? "" : ", ")
          .append(k.id())
          .append('(')
          .append(k.weight())
          .append(", ")
          .append(k.secret().source())
          .append(')');
    }
    return sb.append("]}").toString();
  }
}
