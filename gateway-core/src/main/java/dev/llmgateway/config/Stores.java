package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.cache.ResponseCache;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies a file's {@code stores} section: reads its settings, finds the {@link StoreFactory} of
 * the URI's scheme through {@link ServiceLoader}, and sets the shared stores it makes on the
 * builder.
 */
final class Stores {
  private Stores() {}

  /**
   * Applies the section onto the builder.
   *
   * @param b the builder
   * @param root the whole file (for {@code budgetZone} and {@code cache})
   * @param password the resolved {@code stores.password}, or null
   */
  static void apply(GatewayClient.Builder b, JsonNode root, @Nullable Secret password) {
    JsonNode n = root.path("stores");
    StoreSettings settings = settings(n, root, password);
    SharedStores stores = factory(settings.scheme()).create(settings);
    stores.budgetLedger(settings.budgetZone()).ifPresent(b::budgetLedger);
    stores.quotaStore().ifPresent(b::quotaStore);
    stores.keyStateStore().ifPresent(b::keyStateStore);
    JsonNode cache = root.path("cache");
    if (!cache.isMissingNode()) {
      long maxBytes = cache.path("maxBytes").asLong(dev.llmgateway.CacheSpec.DEFAULT_MAX_BYTES);
      stores
          .responseCache(ResponseCache.inMemory(maxBytes))
          .ifPresent(tiers -> b.cache(c -> c.store(tiers)));
    }
  }

  private static StoreSettings settings(JsonNode n, JsonNode root, @Nullable Secret password) {
    Set<StoreSettings.Shared> share = EnumSet.allOf(StoreSettings.Shared.class);
    if (n.has("share")) {
      share = EnumSet.noneOf(StoreSettings.Shared.class);
      for (JsonNode s : n.path("share")) {
        share.add(Values.constant(StoreSettings.Shared.class, s.textValue()));
      }
    }
    StoreSettings.FailurePolicy policy = StoreSettings.DEFAULT_FAILURE_POLICY;
    if (n.has("failurePolicy")) {
      policy =
          Values.constant(StoreSettings.FailurePolicy.class, n.path("failurePolicy").textValue());
    }
    return new StoreSettings(
        n.path("uri").textValue(),
        password,
        n.has("commandTimeout")
            ? Values.duration(n.path("commandTimeout").textValue())
            : StoreSettings.DEFAULT_COMMAND_TIMEOUT,
        policy,
        n.has("leaseDuration")
            ? Values.duration(n.path("leaseDuration").textValue())
            : StoreSettings.DEFAULT_LEASE_DURATION,
        n.path("keyPrefix").asText(StoreSettings.DEFAULT_KEY_PREFIX),
        share,
        n.path("cluster").asBoolean(false),
        root.has("budgetZone")
            ? ZoneId.of(root.path("budgetZone").textValue())
            : GatewayClient.DEFAULT_BUDGET_ZONE);
  }

  /** The one factory for the scheme, found through the context class loader. */
  private static StoreFactory factory(String scheme) {
    List<StoreFactory> found = new ArrayList<>(1);
    for (StoreFactory f : ServiceLoader.load(StoreFactory.class)) {
      if (f.supports(scheme)) {
        found.add(f);
      }
    }
    if (found.isEmpty()) {
      throw new ConfigurationException(
          "no StoreFactory supports stores.uri scheme '"
              + scheme
              + "'; add gateway-redis to the class path for redis:// and rediss://");
    }
    if (found.size() > 1) {
      throw new ConfigurationException(
          "two StoreFactory services support stores.uri scheme '"
              + scheme
              + "': "
              + found.get(0).getClass().getName()
              + " and "
              + found.get(1).getClass().getName());
    }
    return found.get(0);
  }

  /**
   * Checks a store URI: it parses, has a scheme and host, and carries no password (which belongs in
   * {@code stores.password} as a secret reference).
   *
   * @param text the URI
   * @return the URI
   * @throws IllegalArgumentException saying what is wrong, without the URI's user part
   */
  static URI uri(String text) {
    URI u;
    try {
      u = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "must be a URI such as redis://localhost:6379/0: " + e.getReason());
    }
    if (u.getScheme() == null || (u.getHost() == null && u.getAuthority() == null)) {
      throw new IllegalArgumentException(
          "must be a URI with a scheme and host such as redis://localhost:6379/0");
    }
    if (u.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "must not carry a user or password: put the password in stores.password as a"
              + " secret reference such as ${env:REDIS_PASSWORD}");
    }
    return u;
  }
}
