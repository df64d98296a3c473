package dev.llmgateway.server;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling: a tenant's key, or the admin key.
 *
 * @param key the caller key, or null for the admin
 * @param tenant the key's tenant, or null for the admin
 */
record Caller(@Nullable ApiKey key, @Nullable String tenant) {
  static final Caller ADMIN = new Caller(null, null);

  boolean admin() {
    return key == null;
  }
}
