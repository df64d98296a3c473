package dev.llmgateway.server;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One caller key as the server stores it: its id, tenant and the SHA-256 of the key, never the key.
 *
 * @param id a short public id, for listing and revoking
 * @param tenant the tenant whose calls the key makes
 * @param sha256 the lower-case hex SHA-256 of the key's text
 * @param name a label, or {@code null}
 * @param createdAt when the key was created, or {@code null} for keys of the config file
 * @param revokedAt when the key was revoked, or {@code null} while it is valid
 * @param requestsPerMinute this key's own request limit, or {@code null} for the server default
 */
record ApiKey(
    String id,
    String tenant,
    String sha256,
    @Nullable String name,
    @Nullable Instant createdAt,
    @Nullable Instant revokedAt,
    @Nullable Integer requestsPerMinute) {

  ApiKey {
    if (id.isBlank() || tenant.isBlank()) {
      throw new IllegalArgumentException("a key needs an id and a tenant");
    }
    if (!Secrets.isSha256Hex(sha256)) {
      throw new IllegalArgumentException(
          "key '" + id + "': sha256 must be 64 lower-case hex digits");
    }
  }

  boolean revoked() {
    return revokedAt != null;
  }

  ApiKey revoke(Instant at) {
    return new ApiKey(id, tenant, sha256, name, createdAt, at, requestsPerMinute);
  }

  /** Shows the id and tenant; never the hash. */
  @Override
  public String toString() {
    return "ApiKey[" + id + ", tenant=" + tenant + (revoked() ? ", revoked" : "") + "]";
  }
}
