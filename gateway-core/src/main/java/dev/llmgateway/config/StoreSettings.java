package dev.llmgateway.config;

import dev.llmgateway.spi.Secret;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code stores} section of a configuration file: where the state that several app instances
 * share lives (budgets, quotas, key cooldowns, a second cache tier). The file names a store by URI;
 * the {@link StoreFactory} found through {@link java.util.ServiceLoader} for the URI's scheme (such
 * as {@code gateway-redis}'s for {@code redis://} and {@code rediss://}) creates the stores.
 *
 * @param uri the store's URI without a password, such as {@code rediss://cache.internal:6379/0}
 * @param password the store's password, resolved from a secret reference; {@code null} for none
 * @param commandTimeout how long one store command may take before it counts as a failure
 * @param failurePolicy what the shared stores do when the store is slow or unreachable
 * @param leaseDuration how long a budget reservation outlives an app instance that died
 * @param keyPrefix the prefix of every key the stores write
 * @param share which state is shared; the rest stays in each instance's memory
 * @param cluster whether the URI names a cluster (rather than one server or a sentinel set)
 * @param budgetZone the zone whose midnight starts daily and monthly budget windows (the file's
 *     {@code budgetZone})
 */
public record StoreSettings(
    String uri,
    @Nullable Secret password,
    Duration commandTimeout,
    FailurePolicy failurePolicy,
    Duration leaseDuration,
    String keyPrefix,
    Set<Shared> share,
    boolean cluster,
    ZoneId budgetZone) {

  /** The default of {@code stores.commandTimeout}: 500 milliseconds. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);

  /** The default of {@code stores.failurePolicy}: keep serving on each instance's memory. */
  public static final FailurePolicy DEFAULT_FAILURE_POLICY = FailurePolicy.FAIL_LOCAL;

  /** The default of {@code stores.leaseDuration}: 5 minutes. */
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofMinutes(5);

  /** The default of {@code stores.keyPrefix}. */
  public static final String DEFAULT_KEY_PREFIX = "llmgw:";

  /** What a shared store does when its server is slow or unreachable. */
  public enum FailurePolicy {
    /** Refuse the calls that need the store, with a typed error, within the command timeout. */
    FAIL_CLOSED,
    /** Continue on an in-memory store of this instance, with an event and a metric. */
    FAIL_LOCAL
  }

  /** A kind of state that may be shared. */
  public enum Shared {
    /** Budget spend and reservations. */
    BUDGETS,
    /** Quota windows. */
    QUOTAS,
    /** Key cooldowns and disabled keys. */
    KEY_STATE,
    /** The response cache, as a second tier behind each instance's in-memory cache. */
    CACHE
  }

  /**
   * Validates the settings.
   *
   * @param uri the store's URI
   * @param password the password, or {@code null}
   * @param commandTimeout positive
   * @param failurePolicy the failure policy
   * @param leaseDuration positive
   * @param keyPrefix the key prefix, possibly empty
   * @param share which state is shared
   * @param cluster whether the URI names a cluster
   * @param budgetZone the zone of budget windows
   * @throws IllegalArgumentException naming the value that is missing or out of range
   */
  public StoreSettings {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("stores.uri must not be blank");
    }
    if (commandTimeout == null || commandTimeout.isZero() || commandTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "stores.commandTimeout must be positive, was " + commandTimeout);
    }
    if (leaseDuration == null || leaseDuration.isZero() || leaseDuration.isNegative()) {
      throw new IllegalArgumentException(
          "stores.leaseDuration must be positive, was " + leaseDuration);
    }
    if (failurePolicy == null || keyPrefix == null || share == null || budgetZone == null) {
      throw new IllegalArgumentException(
          "stores.failurePolicy, keyPrefix, share and budgetZone must not be null");
    }
    share = Set.copyOf(share);
  }

  /**
   * The URI's scheme, such as {@code redis}, in lower case.
   *
   * @return the scheme, or the whole URI if it has none
   */
  public String scheme() {
    int colon = uri.indexOf(':');
    return (colon < 0 ? uri : uri.substring(0, colon)).toLowerCase(java.util.Locale.ROOT);
  }

  /** Describes the settings without the password. */
  @Override
  public String toString() {
    return "StoreSettings{uri="
        + uri
        + ", password="
        + (password == null ? "none" : "(set)")
        + ", commandTimeout="
        + commandTimeout
        + ", failurePolicy="
        + failurePolicy
        + ", leaseDuration="
        + leaseDuration
        + ", keyPrefix="
        + keyPrefix
        + ", share="
        + share
        + ", cluster="
        + cluster
        + "}";
  }
}
